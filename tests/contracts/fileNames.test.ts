/**
 * The studio checks a file name before asking the server to create or rename a file
 * (apps/studio/src/features/explorer/fileNames.ts), so a designer hears at once why a name cannot
 * be; the server decides with its own rules (apps/server/src/workspace/paths.ts). The two apps may
 * not import each other, so this repository-level test holds them side by side: on a table of
 * names, the studio takes exactly what the server takes.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkspacePath } from '../../apps/server/src/workspace/paths.ts';
import { checkFileName } from '../../apps/studio/src/features/explorer/fileNames.ts';

const NAMES = [
  'flows/new.flow.yaml',
  'notes.yml',
  'deep/er/still/x.rules.yaml',
  'NOTES.YAML',
  'flows/ünïcode.flow.yaml',
  'flows/with space.flow.yaml',
  'flows/a.flow.yaml/',
  '/etc/passwd.yaml',
  'C:/x.yaml',
  'flows\\x.yaml',
  '../outside.yaml',
  'flows/../x.yaml',
  './x.yaml',
  'flows//x.yaml',
  'flows/x.json',
  'flows/x',
  '.git/x.yaml',
  'node_modules/x.yaml',
  'flows/.hidden.yaml',
  'flows/ x.yaml',
  'flows/x\u0000.yaml',
  'flows/x\n.yaml',
  'flows/x\u007f.yaml',
  'flows/x?.yaml',
  'flows/x:.yaml',
  'flows/x|.yaml',
  'flows/\uD800.yaml',
  'flows/😀.flow.yaml',
  `${'a'.repeat(250)}.yaml`,
  `${'a'.repeat(251)}.yaml`,
  `${'é'.repeat(126)}.yaml`,
  `${'a/'.repeat(509)}x.yaml`,
  `${'a/'.repeat(510)}x.yaml`,
];

describe('file names: the studio’s check and the server’s', () => {
  it('take and refuse the same names', () => {
    for (const name of NAMES) {
      const studio = checkFileName(name, { existing: new Set(), change: 'CR-1' }).ok;
      expect({ name, studio }).toEqual({ name, studio: parseWorkspacePath(name).ok });
    }
  });

  it('differ only in that the studio trims what is typed (a stray space before Enter)', () => {
    for (const name of [' flows/x.yaml', 'flows/x.yaml ']) {
      expect(parseWorkspacePath(name).ok).toBe(false);
      expect(checkFileName(name, { existing: new Set(), change: 'CR-1' })).toEqual({ ok: true, path: 'flows/x.yaml' });
    }
  });
});
