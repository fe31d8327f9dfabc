import { describe, expect, it } from 'vitest';
import { colourFor, initialsOf } from '../../src/collab/identity.ts';
import { changeFromSearch, changeHref, collabServerUrl, fileRoom, indexRoom, offlineDatabaseName } from '../../src/collab/rooms.ts';
import { parseAccess, versionOfEntry } from '../../src/collab/protocol.ts';
import { liveConnection, liveStatusLabel } from '../../src/collab/connection.ts';

describe('a person’s colour and initials', () => {
  it('gives every client the same colour for a name, and different names different colours', () => {
    expect(colourFor('dana')).toBe(colourFor('dana'));
    expect(colourFor('dana')).toMatch(/^#[0-9a-f]{6}$/);
    const colours = new Set(['dana', 'dave', 'omar', 'rita', 'vic', 'ada', 'dora'].map(colourFor));
    expect(colours.size).toBeGreaterThanOrEqual(6);
  });

  it('keeps white initials readable: every colour is dark enough', () => {
    for (const name of ['dana', 'dave', 'omar', 'rita', 'vic', 'ada', 'zoë', '山田', 'a'.repeat(200), ...Array.from({ length: 500 }, (_, i) => `user${i}`)]) {
      const hex = colourFor(name);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      const lum = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = 0.2126 * lum(r!) + 0.7152 * lum(g!) + 0.0722 * lum(b!);
      expect((1.05 / (luminance + 0.05)), `${name} ${hex}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('takes initials from the first two words, or the first two letters of one', () => {
    expect(initialsOf('dana')).toBe('DA');
    expect(initialsOf('Dana Smith')).toBe('DS');
    expect(initialsOf('dana.smith')).toBe('DS');
    expect(initialsOf('d')).toBe('D');
    expect(initialsOf('zoë_ng')).toBe('ZN');
    expect(initialsOf('山田 太郎')).toBe('山太');
    expect(initialsOf('--')).toBe('?');
  });
});

describe('rooms and URLs', () => {
  it('names the server URL, the index room and each file’s room as the contract does', () => {
    expect(collabServerUrl({ protocol: 'http:', host: '127.0.0.1:4173' })).toBe('ws://127.0.0.1:4173/api/collab');
    expect(collabServerUrl({ protocol: 'https:', host: 'studio.example' })).toBe('wss://studio.example/api/collab');
    expect(indexRoom('CR-3')).toBe('CR-3/index');
    expect(fileRoom('CR-3', 'flows/card_lost.yaml')).toBe('CR-3/file/flows%2Fcard_lost.yaml');
    expect(fileRoom('CR-3', 'flows/a b#?.yaml')).toBe('CR-3/file/flows%2Fa%20b%23%3F.yaml');
    expect(offlineDatabaseName('Bank', 'CR-3', 'flows/a.yaml')).toBe('colloquy:Bank:CR-3:flows/a.yaml');
  });

  it('reads the change request from the page’s query, and nothing else', () => {
    expect(changeFromSearch('?change=CR-3')).toBe('CR-3');
    expect(changeFromSearch('?x=1&change=cr-12')).toBe('CR-12');
    expect(changeFromSearch('')).toBeUndefined();
    expect(changeFromSearch('?change=CR-0')).toBeUndefined();
    expect(changeFromSearch('?change=CR-3/../x')).toBeUndefined();
    expect(changeFromSearch('?change=')).toBeUndefined();
  });

  it('links to a change request, or back to the published workspace, keeping the rest of the URL', () => {
    expect(changeHref('http://h/?change=CR-1&debug=1#x', 'CR-2')).toBe('/?change=CR-2&debug=1#x');
    expect(changeHref('http://h/?change=CR-1', undefined)).toBe('/');
  });
});

describe('the server’s access message and the index entries', () => {
  it('reads { writable, reason }, and ignores anything else', () => {
    expect(parseAccess('{"writable":false,"reason":"CR-3 is in review."}')).toEqual({ writable: false, reason: 'CR-3 is in review.' });
    expect(parseAccess('{"writable":true,"reason":null}')).toEqual({ writable: true, reason: null });
    expect(parseAccess('{"writable":"yes"}')).toBeUndefined();
    expect(parseAccess('not json')).toBeUndefined();
    expect(parseAccess('null')).toBeUndefined();
  });

  it('reads a version from a plain entry or a Y.Map-like one', () => {
    expect(versionOfEntry({ version: 'abc' })).toBe('abc');
    expect(versionOfEntry({ get: (k: string) => (k === 'version' ? 'def' : undefined) })).toBe('def');
    expect(versionOfEntry({ version: 3 })).toBeUndefined();
    expect(versionOfEntry(null)).toBeUndefined();
  });
});

describe('the live connection in the status bar', () => {
  it('tells connecting, connected, reconnecting and offline apart, and says when edits wait', () => {
    expect(liveConnection({ connected: false, everConnected: false }, true)).toBe('connecting');
    expect(liveConnection({ connected: true, everConnected: true }, true)).toBe('connected');
    expect(liveConnection({ connected: false, everConnected: true }, true)).toBe('reconnecting');
    expect(liveConnection({ connected: false, everConnected: true }, false)).toBe('offline');
    expect(liveStatusLabel({ connection: 'offline', unsynced: true }).label).toBe('○ offline · unsynced edits');
    expect(liveStatusLabel({ connection: 'reconnecting', unsynced: false }).label).toBe('◌ reconnecting');
    expect(liveStatusLabel({ connection: 'connected', unsynced: false }).label).toBe('● live');
  });
});
