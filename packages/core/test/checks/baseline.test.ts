import { describe, expect, it } from 'vitest';
import { lines, validate } from './workspaceBuilder.ts';

describe('the base workspace used by the check tests', () => {
  it('is valid: every check stays quiet on it', () => {
    expect(lines(validate())).toEqual([]);
  });
});
