import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/testServer.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FLOW = 'flows/opening_hours.flow.yaml';

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

  it('never writes the published workspace: saving, creating, renaming and deleting are not routes', async () => {
    // The published workspace changes only when a reviewed change request is published (changes.test.ts).
    const before = readFileSync(join(t.root, FLOW), 'utf8');
    for (const [method, path, json] of [
      ['PUT', '/api/file', { path: FLOW, content: 'x: 1\n' }],
      ['POST', '/api/file', { path: 'flows/new.flow.yaml', content: 'x: 1\n' }],
      ['DELETE', `/api/file?path=${FLOW}`, undefined],
      ['POST', '/api/rename', { from: FLOW, to: 'flows/moved.flow.yaml' }],
    ] as const) {
      const answer = await t.api(path, { method, ...(json ? { json } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error).toMatch(/There is no route/);
    }
    expect(readFileSync(join(t.root, FLOW), 'utf8')).toBe(before);
    expect(readdirSync(join(t.root, 'flows'))).toEqual(['opening_hours.flow.yaml']);
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
