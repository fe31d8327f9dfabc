import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, parseWorkspacePath, resolveWorkspacePath, type WorkspacePath } from './paths.ts';

describe('parseWorkspacePath', () => {
  it.each([
    'agent.yaml',
    'flows/card_lost.flow.yaml',
    'rules/deep/er/freeze.rules.yml',
    'AGENT.YAML',
    'flows/café ☕ 你好.flow.yaml',
    'flows/.draft.flow.yaml', // a dot-file is a workspace file (readWorkspace reads it); only dot-folders are skipped
  ])('accepts %j', (path) => {
    expect(parseWorkspacePath(path)).toEqual({ ok: true, path });
  });

  it.each([
    [42, /must be a string/],
    ['', /empty/],
    ['../outside.yaml', /`\.` or `\.\.`/],
    ['flows/../../outside.yaml', /`\.` or `\.\.`/],
    ['./agent.yaml', /`\.` or `\.\.`/],
    ['/etc/agent.yaml', /absolute/],
    ['C:/agent.yaml', /absolute/],
    ['flows\\card.flow.yaml', /backslash/],
    ['flows/a\0.yaml', /NUL/],
    ['flows//a.yaml', /empty segment/],
    ['flows/', /empty segment/],
    ['flows/a\u0007.yaml', /control character/],
    ['flows/\uD800.yaml', /not valid Unicode/],
    ['flows/a:b.yaml', /not every system/],
    ['flows/ a.yaml', /space/],
    ['notes.txt', /only \.yaml and \.yml/],
    ['flows', /only \.yaml and \.yml/],
    ['.flow.yaml.1a2b.tmp', /only \.yaml and \.yml/],
    ['.colloquy/audit.yaml', /not part of the workspace/],
    ['.git/config.yaml', /not part of the workspace/],
    ['node_modules/x/package.yaml', /not part of the workspace/],
    [`${'a/'.repeat(MAX_PATH_LENGTH)}x.yaml`, /longer than/],
    [`${'é'.repeat(200)}.yaml`, /longer than 255 bytes/],
  ])('refuses %j with a reason', (path, reason) => {
    const result = parseWorkspacePath(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('resolveWorkspacePath', () => {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'colloquy-paths-')));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const root = join(scratch, 'workspace');
  const outside = join(scratch, 'outside');
  mkdirSync(join(root, 'flows'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'flows/real.flow.yaml'), 'kind: flow\n');
  writeFileSync(join(outside, 'secret.yaml'), 'secret: true\n');
  mkdirSync(join(root, 'folder.yaml'));
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'flows/escape.flow.yaml'));
  symlinkSync(outside, join(root, 'linked'));
  symlinkSync(join(root, 'flows/real.flow.yaml'), join(root, 'flows/alias.flow.yaml'));
  const resolve = (path: string) => resolveWorkspacePath(root, path as WorkspacePath);

  it('resolves a file, a missing file and a missing folder inside the workspace', async () => {
    expect(await resolve('flows/real.flow.yaml')).toMatchObject({ ok: true, resolved: { entry: 'file', absolute: join(root, 'flows/real.flow.yaml') } });
    expect(await resolve('flows/new.flow.yaml')).toMatchObject({ ok: true, resolved: { entry: 'missing' } });
    expect(await resolve('tests/deep/new.test.yaml')).toMatchObject({ ok: true, resolved: { entry: 'missing', absolute: join(root, 'tests/deep/new.test.yaml') } });
  });

  it('refuses a file link and a folder link that lead out of the workspace', async () => {
    expect(await resolve('flows/escape.flow.yaml')).toMatchObject({ ok: false, reason: expect.stringMatching(/leads out of the workspace/) });
    expect(await resolve('linked/secret.yaml')).toMatchObject({ ok: false, reason: expect.stringMatching(/folder `linked` is a link/) });
    expect(await resolve('linked/new.yaml')).toMatchObject({ ok: false });
  });

  it('reports a link inside the workspace with its target, and a folder as `other`', async () => {
    expect(await resolve('flows/alias.flow.yaml')).toMatchObject({ ok: true, resolved: { entry: 'symlink', linkTarget: join(root, 'flows/real.flow.yaml') } });
    expect(await resolve('folder.yaml')).toMatchObject({ ok: true, resolved: { entry: 'other' } });
  });
});
