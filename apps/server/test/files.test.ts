import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/testServer.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the file API (real server, real folder)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('binds to 127.0.0.1 by default and prints a browsable URL', () => {
    expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(t.server.port).toBeGreaterThan(0);
  });

  it('describes the workspace by its agent name', async () => {
    const { status, body } = await t.api('/api/workspace');
    expect(status).toBe(200);
    expect(body).toEqual({ name: 'Test Bank', fileCount: 2 });
  });

  it('lists the YAML files with size and content version, skipping hidden folders, node_modules and other files', async () => {
    for (const [path, content] of [
      ['.colloquy/state.yaml', 'x: 1'],
      ['.git/info.yaml', 'x: 1'],
      ['node_modules/pkg/a.yaml', 'x: 1'],
      ['notes.md', '# notes'],
    ] as const) {
      mkdirSync(join(t.root, path, '..'), { recursive: true });
      writeFileSync(join(t.root, path), content);
    }
    const { status, body } = await t.api<{ files: { path: string; size: number; version: string }[] }>('/api/files');
    expect(status).toBe(200);
    expect(body.files.map((f) => f.path)).toEqual(['agent.yaml', 'flows/opening_hours.flow.yaml']);
    const agent = readFileSync(join(t.root, 'agent.yaml'), 'utf8');
    expect(body.files[0]).toEqual({ path: 'agent.yaml', size: Buffer.byteLength(agent), version: sha256(agent) });
  });

  it('reads a file with its version; 404 for an unknown file, 400 for a bad path', async () => {
    const read = await t.api('/api/file?path=flows/opening_hours.flow.yaml');
    expect(read.status).toBe(200);
    const content = readFileSync(join(t.root, 'flows/opening_hours.flow.yaml'), 'utf8');
    expect(read.body).toEqual({ path: 'flows/opening_hours.flow.yaml', content, version: sha256(content) });
    expect((await t.api('/api/file?path=flows/nope.flow.yaml')).status).toBe(404);
    const bad = await t.api('/api/file?path=../outside.yaml');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^The path is not allowed: .+\.$/);
  });

  it('saves atomically, and refuses a save based on an old version with 409 and the current version', async () => {
    const path = 'flows/opening_hours.flow.yaml';
    const opened = await t.api<{ version: string; content: string }>(`/api/file?path=${path}`);
    // Given a studio that opened the file
    const edited = opened.body.content.replace('9 to 5', '8 to 6');
    // When it saves on top of the version it read
    const saved = await t.api('/api/file', { method: 'PUT', json: { path, content: edited, baseVersion: opened.body.version } });
    // Then the file holds the new text and no temp file is left
    expect(saved).toMatchObject({ status: 200, body: { path, version: sha256(edited) } });
    expect(readFileSync(join(t.root, path), 'utf8')).toBe(edited);
    expect(readdirSync(join(t.root, 'flows'))).toEqual(['opening_hours.flow.yaml']);

    // When a second studio saves on top of the version it read before that save
    const stale = await t.api('/api/file', { method: 'PUT', json: { path, content: 'lost: true\n', baseVersion: opened.body.version } });
    // Then it gets a conflict with the version now on disk, and nothing is written
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ error: expect.stringMatching(/changed by someone else/), currentVersion: sha256(edited) });
    expect(readFileSync(join(t.root, path), 'utf8')).toBe(edited);

    // A save without baseVersion overwrites whatever is there
    const blind = await t.api('/api/file', { method: 'PUT', json: { path, content: edited } });
    expect(blind.status).toBe(200);
  });

  it('refuses to save a file that does not exist (create it instead)', async () => {
    const { status, body } = await t.api('/api/file', { method: 'PUT', json: { path: 'flows/ghost.flow.yaml', content: 'x: 1\n' } });
    expect(status).toBe(404);
    expect(body.error).toMatch(/does not exist/);
  });

  it('creates a file (and its folders); 409 when it exists', async () => {
    const created = await t.api('/api/file', { method: 'POST', json: { path: 'tests/new/smoke.test.yaml', content: 'kind: test\n' } });
    expect(created).toMatchObject({ status: 201, body: { path: 'tests/new/smoke.test.yaml', version: sha256('kind: test\n') } });
    expect(readFileSync(join(t.root, 'tests/new/smoke.test.yaml'), 'utf8')).toBe('kind: test\n');
    const again = await t.api('/api/file', { method: 'POST', json: { path: 'tests/new/smoke.test.yaml', content: 'other\n' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already exists/);
    expect(readFileSync(join(t.root, 'tests/new/smoke.test.yaml'), 'utf8')).toBe('kind: test\n');
  });

  it('renames a file; 409 when the target exists, 404 when the source is missing', async () => {
    await t.api('/api/file', { method: 'POST', json: { path: 'flows/a.flow.yaml', content: 'a: 1\n' } });
    const renamed = await t.api('/api/rename', { method: 'POST', json: { from: 'flows/a.flow.yaml', to: 'flows/moved/b.flow.yaml' } });
    expect(renamed).toMatchObject({ status: 200, body: { from: 'flows/a.flow.yaml', to: 'flows/moved/b.flow.yaml', version: sha256('a: 1\n') } });
    expect(existsSync(join(t.root, 'flows/a.flow.yaml'))).toBe(false);
    expect(readFileSync(join(t.root, 'flows/moved/b.flow.yaml'), 'utf8')).toBe('a: 1\n');

    const onto = await t.api('/api/rename', { method: 'POST', json: { from: 'flows/moved/b.flow.yaml', to: 'agent.yaml' } });
    expect(onto.status).toBe(409);
    expect(readFileSync(join(t.root, 'flows/moved/b.flow.yaml'), 'utf8')).toBe('a: 1\n');
    const missing = await t.api('/api/rename', { method: 'POST', json: { from: 'flows/none.flow.yaml', to: 'flows/c.flow.yaml' } });
    expect(missing.status).toBe(404);
    const badTarget = await t.api('/api/rename', { method: 'POST', json: { from: 'flows/moved/b.flow.yaml', to: 'flows/b.txt' } });
    expect(badTarget.status).toBe(400);
  });

  it('deletes a file; 404 when it is already gone', async () => {
    await t.api('/api/file', { method: 'POST', json: { path: 'flows/doomed.flow.yaml', content: 'x: 1\n' } });
    const deleted = await t.api('/api/file?path=flows/doomed.flow.yaml', { method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, body: { path: 'flows/doomed.flow.yaml' } });
    expect(existsSync(join(t.root, 'flows/doomed.flow.yaml'))).toBe(false);
    expect((await t.api('/api/file?path=flows/doomed.flow.yaml', { method: 'DELETE' })).status).toBe(404);
  });

  it('validates the workspace on disk with unsaved edits laid over it', async () => {
    const clean = await t.api<{ diagnostics: { code: string; file: string }[] }>('/api/validate', { method: 'POST', json: {} });
    expect(clean.status).toBe(200);
    expect(clean.body.diagnostics.filter((d) => d.file === 'flows/opening_hours.flow.yaml')).toEqual([]);

    // An unsaved edit that routes to a node that does not exist is reported, though the disk is clean.
    const onDisk = readFileSync(join(t.root, 'flows/opening_hours.flow.yaml'), 'utf8');
    const broken = onDisk.replace('end: resolved', 'next: nowhere');
    const edited = await t.api<{ diagnostics: { code: string; file: string; range: { start: { line: number } } }[] }>('/api/validate', {
      method: 'POST',
      json: { overrides: { 'flows/opening_hours.flow.yaml': broken } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.diagnostics).toContainEqual(expect.objectContaining({ code: 'CQ201', file: 'flows/opening_hours.flow.yaml' }));
    expect(readFileSync(join(t.root, 'flows/opening_hours.flow.yaml'), 'utf8')).toBe(onDisk);

    // The next validation without overrides sees the disk again.
    const again = await t.api<{ diagnostics: { code: string }[] }>('/api/validate', { method: 'POST', json: { overrides: {} } });
    expect(again.body.diagnostics.map((d) => d.code)).not.toContain('CQ201');

    const badPath = await t.api('/api/validate', { method: 'POST', json: { overrides: { '../x.yaml': 'x' } } });
    expect(badPath.status).toBe(400);
    expect(badPath.body.error).toMatch(/not allowed/);
  });
});
