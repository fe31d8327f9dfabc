import { describe, expect, it } from 'vitest';
import { refusalReason } from './hostGuard.ts';

describe('refusalReason', () => {
  describe('bound to loopback (the default)', () => {
    it.each([
      ['127.0.0.1:4173', undefined],
      ['localhost:4173', undefined],
      ['[::1]:4173', undefined],
      ['studio.localhost:4173', undefined],
      ['127.0.0.1:4173', 'http://127.0.0.1:4173'],
      ['localhost:4173', 'http://localhost:5173'], // the studio's Vite dev server proxying to the API
    ])('accepts Host %s with Origin %s', (host, origin) => {
      expect(refusalReason('127.0.0.1', host, origin)).toBeUndefined();
    });

    it.each([
      ['evil.example:4173', undefined, /only answers requests addressed to localhost/],
      [undefined, undefined, /no Host header/],
      ['127.0.0.1.evil.example', undefined, /only answers/],
      ['127.0.0.1:4173', 'https://evil.example', /page on `evil\.example`/],
      ['127.0.0.1:4173', 'null', /not a web address/],
      ['127.0.0.1:4173', 'http://localhost.evil.example', /page on/],
    ])('refuses Host %s with Origin %s', (host, origin, reason) => {
      expect(refusalReason('127.0.0.1', host, origin)).toMatch(reason);
    });
  });

  describe('bound to another address on purpose', () => {
    it('accepts any Host, and an Origin only for that same host', () => {
      expect(refusalReason('0.0.0.0', 'studio.example.lan:4173', undefined)).toBeUndefined();
      expect(refusalReason('0.0.0.0', 'studio.example.lan:4173', 'http://studio.example.lan:4173')).toBeUndefined();
      expect(refusalReason('0.0.0.0', 'studio.example.lan:4173', 'https://evil.example')).toMatch(/evil\.example/);
    });
  });
});
