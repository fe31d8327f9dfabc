import { describe, expect, it } from 'vitest';
import { extractSlot } from '@colloquy/nlu';
import { reasonFor, TODAY, valueOf } from './helpers.ts';

describe('text slots', () => {
  it('takes the trimmed answer', () => {
    expect(valueOf({ type: 'text' }, '  Shiny Windows  ')).toBe('Shiny Windows');
    expect(extractSlot({ type: 'text' }, '  hi ', { today: TODAY })).toEqual({ ok: true, value: 'hi', start: 2, end: 4 });
  });

  it('fails on an empty answer', () => {
    expect(reasonFor({ type: 'text' }, '   ')).toMatch(/empty/);
  });
});
