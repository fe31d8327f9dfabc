import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestServer, type TestServer } from './support/testServer.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FLOW = 'flows/opening_hours.flow.yaml';

describe('hostile input (real server)', () => {
  let t: TestServer;
  let original: string;
  /** Files are written inside a change request (the published workspace is read-only): this one's file API. */
  let changeFiles: string;
  beforeAll(async () => {
    t = await startTestServer();
    original = readFileSync(join(t.root, FLOW), 'utf8');
    changeFiles = `/api/changes/${(await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'Hostile input' } })).body.id}/files`;
  });
  const changeFile = (path: string) => `${changeFiles}?path=${encodeURIComponent(path)}`;
  const readChange = async (path: string) => (await t.api<{ content: string | null }>(changeFile(path))).body.content;
  afterAll(() => t.close());

  /** After every kind of abuse, the server still answers and the file is untouched, published and in the change. */
  async function expectUnharmed(): Promise<void> {
    expect((await t.api('/api/files')).status).toBe(200);
    expect(readFileSync(join(t.root, FLOW), 'utf8')).toBe(original);
    expect(await readChange(FLOW)).toBe(original);
  }

  it.each([
    ['malformed JSON', '{"path": "agent.yaml", "content": ', 400, /not valid JSON/],
    ['an empty body', '', 400, /empty/],
    ['null', 'null', 400, /must be a JSON object/],
    ['a list', '[1,2,3]', 400, /must be a JSON object/],
    ['a string', '"hello"', 400, /must be a JSON object/],
    ['content that is a number', JSON.stringify({ path: FLOW, content: 42 }), 400, /`content` must be a string/],
    ['content that is an object', JSON.stringify({ path: FLOW, content: { a: 1 } }), 400, /`content` must be a string/],
    ['a path that is a list', JSON.stringify({ path: [FLOW], content: 'x' }), 400, /`path` must be a string/],
    ['a missing content', JSON.stringify({ path: FLOW }), 400, /missing `content`/],
    ['an unknown field', JSON.stringify({ path: FLOW, content: 'x', baseVerison: 'abc' }), 400, /unknown field `baseVerison`/],
    ['a field the route does not take', JSON.stringify({ path: FLOW, content: 'x', baseVersion: 'v1' }), 400, /unknown field `baseVersion`/],
    ['a __proto__ key', '{"path":"flows/opening_hours.flow.yaml","content":"x","__proto__":{"polluted":true}}', 400, /not valid JSON/],
    ['a constructor.prototype key', '{"path":"flows/opening_hours.flow.yaml","content":"x","constructor":{"prototype":{"polluted":true}}}', 400, /not valid JSON/],
    ['a very deeply nested body', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400, /./],
  ])('refuses %s with a readable 400', async (_name, body, status, message) => {
    const response = await t.api(changeFiles, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(status);
    expect(Object.keys(response.body)).toEqual(['error']);
    expect(response.body.error).toMatch(message);
    expect(response.body.error).toMatch(/^[A-Z`].*\.$/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await expectUnharmed();
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await t.api(changeFiles, { method: 'PUT', body: 'path=agent.yaml&content=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    const plain = await t.api(changeFiles, { method: 'PUT', body: JSON.stringify({ path: FLOW, content: 'x' }), headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(plain.body.error).toMatch(/Content-Type: application\/json/);
    await expectUnharmed();
  });

  it('refuses a body above 4 MiB with 413', async () => {
    const response = await t.api(changeFiles, { method: 'PUT', json: { path: FLOW, content: 'x'.repeat(5 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.error).toMatch(/larger than 4 MiB/);
    await expectUnharmed();
  });

  it('refuses to save or create a file above 2 MiB with 413 and a clear message, before recording an edit', async () => {
    const big = `# ${'y'.repeat(2 * 1024 * 1024)}\n`;
    const save = await t.api(changeFiles, { method: 'PUT', json: { path: FLOW, content: big } });
    expect(save.status).toBe(413);
    expect(save.body.error).toMatch(/more than the 2\.0 MiB Colloquy can read; it was not saved/);
    const create = await t.api(changeFiles, { method: 'PUT', json: { path: 'flows/big.flow.yaml', content: big } });
    expect(create.status).toBe(413);
    expect(await readChange('flows/big.flow.yaml')).toBeNull();
    const log = readFileSync(join(t.root, '.colloquy', 'audit', 'log.jsonl'), 'utf8');
    expect(log).not.toContain('"change.edited"');
    await expectUnharmed();
  });

  it('answers a huge path with 400, not a crash', async () => {
    const response = await t.api(changeFiles, { method: 'PUT', json: { path: `${'a'.repeat(200_000)}.yaml`, content: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/longer than 1024 characters/);
    await expectUnharmed();
  });

  describe('paths stay inside the workspace', () => {
    const BAD_PATHS: readonly [string, RegExp][] = [
      ['../outside.yaml', /`\.` or `\.\.`/],
      ['flows/../../outside.yaml', /`\.` or `\.\.`/],
      ['/etc/passwd.yaml', /absolute/],
      ['flows\\evil.flow.yaml', /backslash/],
      ['flows/nul\0.flow.yaml', /NUL/],
      ['flows//double.flow.yaml', /empty segment/],
      ['flows/script.js', /only \.yaml and \.yml/],
      ['.colloquy/audit.yaml', /not part of the workspace/],
      ['.git/hooks.yaml', /not part of the workspace/],
      ['node_modules/x.yaml', /not part of the workspace/],
    ];

    it.each(BAD_PATHS)('refuses %j everywhere with 400 and the reason', async (path, reason) => {
      const encoded = encodeURIComponent(path);
      const answers = [
        await t.api(`/api/file?path=${encoded}`),
        await t.api(changeFile(path)),
        await t.api(changeFiles, { method: 'PUT', json: { path, content: 'x: 1\n' } }),
        await t.api(changeFile(path), { method: 'DELETE' }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatch(reason);
      }
      await expectUnharmed();
    });

    it('never reads, writes or deletes through a symbolic link that leads out of the workspace', async () => {
      // Given a secret outside the workspace, a file link to it and a folder link to its folder
      const outside = realpathSync(mkdtempOutside());
      writeFileSync(join(outside, 'secret.yaml'), 'secret: swordfish\n');
      symlinkSync(join(outside, 'secret.yaml'), join(t.root, 'flows/secret.flow.yaml'));
      symlinkSync(outside, join(t.root, 'escape'));
      try {
        // Then none of them is listed, readable, writable, renamable or deletable
        const listed = await t.api<{ files: { path: string }[] }>('/api/files');
        expect(listed.body.files.map((f) => f.path)).not.toContain('flows/secret.flow.yaml');
        for (const path of ['flows/secret.flow.yaml', 'escape/secret.yaml']) {
          const read = await t.api(`/api/file?path=${encodeURIComponent(path)}`);
          expect(read.status).toBe(400);
          expect(read.body.error).toMatch(/link that leads out of the workspace/);
          expect(JSON.stringify(read.body)).not.toContain('swordfish');
          const inChange = await t.api(changeFile(path));
          expect(inChange.status).toBe(400);
          expect(JSON.stringify(inChange.body)).not.toContain('swordfish');
          expect((await t.api(changeFiles, { method: 'PUT', json: { path, content: 'pwned: true\n' } })).status).toBe(400);
          expect((await t.api(changeFile(path), { method: 'DELETE' })).status).toBe(400);
        }
        expect((await t.api(changeFiles, { method: 'PUT', json: { path: 'escape/planted.yaml', content: 'x: 1\n' } })).status).toBe(400);
        const validation = await t.api<{ diagnostics: unknown[] }>('/api/validate', { method: 'POST', json: {} });
        expect(JSON.stringify(validation.body)).not.toContain('swordfish');
        expect(readdirSync(outside)).toEqual(['secret.yaml']);
        expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe('secret: swordfish\n');
        await expectUnharmed();
      } finally {
        rmSync(join(t.root, 'flows/secret.flow.yaml'));
        rmSync(join(t.root, 'escape'));
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('reads a link to a file inside the workspace, but does not replace the link', async () => {
      symlinkSync(join(t.root, FLOW), join(t.root, 'flows/alias.flow.yaml'));
      try {
        const read = await t.api('/api/file?path=flows/alias.flow.yaml');
        expect(read).toMatchObject({ status: 200, body: { content: original, version: sha256(original) } });
        // Publishing a change to a link would replace the link with a file, silently breaking what it was for.
        const save = await t.api(changeFiles, { method: 'PUT', json: { path: 'flows/alias.flow.yaml', content: 'x: 1\n' } });
        expect(save.status).toBe(400);
        expect(save.body.error).toMatch(/symbolic link/);
        await expectUnharmed();
      } finally {
        rmSync(join(t.root, 'flows/alias.flow.yaml'));
      }
    });

    it('refuses a path that goes through a file as if it were a folder', async () => {
      const through = `${FLOW}/inner.yaml`;
      for (const answer of [
        await t.api(`/api/file?path=${encodeURIComponent(through)}`),
        await t.api(changeFiles, { method: 'PUT', json: { path: through, content: 'x: 1\n' } }),
      ]) {
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatch(/is a file/);
      }
      await expectUnharmed();
    });

    it('refuses to read a folder as a file', async () => {
      mkdirSync(join(t.root, 'flows/folder.yaml'));
      try {
        const read = await t.api('/api/file?path=flows/folder.yaml');
        expect(read.status).toBe(400);
        expect(read.body.error).toMatch(/not a file/);
      } finally {
        rmSync(join(t.root, 'flows/folder.yaml'), { recursive: true });
      }
    });
  });

  it('handles unusual Unicode paths: round-trips real names, refuses broken ones', async () => {
    for (const path of ['flows/émoji 🎉 ünïcödé.flow.yaml', 'flows/עברית\u202eעם כיוון.flow.yaml', 'flows/combining e\u0301.flow.yaml', 'flows/日本語/ファイル.flow.yaml']) {
      const created = await t.api(changeFiles, { method: 'PUT', json: { path, content: `name: ${path}\n` } });
      expect(created.status, path).toBe(200);
      const read = await t.api(changeFile(path));
      expect(read.body, path).toMatchObject({ path, content: `name: ${path}\n` });
      const diff = await t.api<{ path: string }[]>(`${changeFiles.replace(/\/files$/, '')}/diff`);
      expect(diff.body.map((f) => f.path)).toContain(path);
      expect((await t.api(changeFile(path), { method: 'DELETE' })).status).toBe(200);
      expect(await readChange(path)).toBeNull();
    }
    const lone = await t.api(changeFiles, { method: 'PUT', body: '{"path":"flows/\\ud800.flow.yaml","content":"x"}', headers: { 'content-type': 'application/json' } });
    expect(lone.status).toBe(400);
    expect(lone.body.error).toMatch(/not valid Unicode/);
    await expectUnharmed();
  });

  it('many concurrent saves to one file leave exactly one of the contents, whole, and no temp files', async () => {
    // Given 40 different, large contents (so a torn write would show)
    const path = 'flows/contended.flow.yaml';
    const contents = Array.from({ length: 40 }, (_, i) => `writer: ${i}\n${`# line from writer ${i}\n`.repeat(4000)}`);
    // When all are saved at once
    const answers = await Promise.all(contents.map((content) => t.api(changeFiles, { method: 'PUT', json: { path, content } })));
    // Then every save succeeded and the file is one of them, whole
    expect(answers.map((a) => a.status)).toEqual(contents.map(() => 200));
    expect(contents).toContain(await readChange(path));
    const changeFolder = join(t.root, '.colloquy', 'changes', changeFiles.split('/')[3]!);
    expect(readdirSync(changeFolder, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(t.root, path))).toBe(false);
  });

  it('answers requests to routes that do not exist with a JSON 404', async () => {
    for (const [method, path] of [['GET', '/api/nope'], ['POST', '/api/files'], ['PATCH', '/api/file'], ['DELETE', '/api'], ['POST', '/anything']] as const) {
      const response = await t.api(path, { method, ...(method === 'GET' ? {} : { json: {} }) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error).toMatch(/There is no route/);
    }
    expect((await t.api('/api/events')).status).toBe(426);
    await expectUnharmed();
  });

  describe('requests from other web pages', () => {
    it('refuses a Host header that is not a loopback name (DNS rebinding)', async () => {
      const rebound = await rawRequest(t.url, '/api/files', { host: 'evil.example:4173' });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatch(/only answers requests addressed to localhost/);
      expect((await rawRequest(t.url, '/api/workspace', { host: `localhost:${t.server.port}`, cookie: (await t.signIn()).cookie })).status).toBe(200);
    });

    it('refuses an Origin that is not a page on this machine', async () => {
      const crossSite = await t.api(changeFiles, { method: 'PUT', json: { path: FLOW, content: 'x' }, headers: { origin: 'https://evil.example' } });
      expect(crossSite.status).toBe(403);
      const nullOrigin = await t.api('/api/files', { headers: { origin: 'null' } });
      expect(nullOrigin.status).toBe(403);
      // The studio's dev server on another local port may call the API.
      expect((await t.api('/api/files', { headers: { origin: 'http://localhost:5173' } })).status).toBe(200);
      await expectUnharmed();
    });
  });
});

function mkdtempOutside(): string {
  const dir = join(tmpdir(), `colloquy-outside-${process.pid}-${Date.now()}`);
  mkdirSync(dir);
  return dir;
}
