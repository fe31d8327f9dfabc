import { describe, expect, it } from 'vitest';
import { KINDS, FILE_KINDS } from '../../src/kinds/index.ts';
import { migrateData, validateMigrations, type Migration } from '../../src/kinds/migrations.ts';

// A made-up format history, used to test the migration runner itself: no
// shipped kind has needed a migration yet (every kind is at version 1).
const renamePrompt: Migration = {
  id: 'example/2-rename-prompt-to-ask',
  up: ({ prompt, ...rest }) => ({ ...rest, ask: prompt }),
  down: ({ ask, ...rest }) => ({ ...rest, prompt: ask }),
};
const addTags: Migration = {
  id: 'example/3-default-tags',
  up: (data) => ({ tags: [], ...data }),
  down: ({ tags: _tags, ...rest }) => rest,
};
const history = [renamePrompt, addTags];

describe('format migrations', () => {
  it('every shipped kind has a consecutive, complete migration list', () => {
    for (const kind of FILE_KINDS) {
      expect(validateMigrations(KINDS[kind].version, KINDS[kind].migrations), kind).toEqual([]);
    }
  });

  it('migrates an old file step by step to the current version', () => {
    const result = migrateData({ version: 1, prompt: 'Hi?' }, 3, history);
    expect(result).toEqual({ ok: true, data: { version: 3, ask: 'Hi?', tags: [] }, applied: [renamePrompt.id, addTags.id] });
  });

  it('leaves a current file untouched', () => {
    expect(migrateData({ version: 3, ask: 'x', tags: ['a'] }, 3, history)).toMatchObject({ ok: true, applied: [] });
  });

  it('each migration round-trips (up then down)', () => {
    const v1 = { version: 1, prompt: 'Hi?' };
    expect(renamePrompt.down(renamePrompt.up(v1))).toEqual(v1);
    const v2 = { version: 2, ask: 'Hi?' };
    expect(addTags.down(addTags.up(v2))).toEqual(v2);
  });

  it('is deterministic: the same input migrates to the same output', () => {
    const input = { version: 1, prompt: 'Hi?' };
    expect(JSON.stringify(migrateData(input, 3, history))).toBe(JSON.stringify(migrateData(input, 3, history)));
  });

  it('returns a reason instead of throwing', () => {
    expect(migrateData({}, 3, history)).toMatchObject({ ok: false, reason: 'missing-version' });
    expect(migrateData({ version: 4 }, 3, history)).toMatchObject({ ok: false, reason: 'version-too-new' });
    expect(migrateData({ version: 'one' }, 3, history)).toMatchObject({ ok: false, reason: 'version-invalid' });
    const broken: Migration = { id: 'x/2', up: () => { throw new Error('boom'); }, down: (d) => d };
    expect(migrateData({ version: 1 }, 2, [broken])).toMatchObject({ ok: false, reason: 'migration-error', message: 'migration x/2 failed: boom' });
  });

  it('detects gaps and duplicates in a migration list', () => {
    expect(validateMigrations(3, [renamePrompt])).toHaveLength(1);
    expect(validateMigrations(3, [renamePrompt, renamePrompt])).toEqual(['duplicate migration id example/2-rename-prompt-to-ask']);
  });
});
