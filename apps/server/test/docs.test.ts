import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOCS_DIR, headingAnchor } from '../src/routes/docs.ts';
import { DIAGNOSTIC_CODES } from '@colloquy/core';
import { startTestServer } from './support/testServer.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the documentation pages', () => {
  it('renders every diagnostic code of the real reference with an anchor the studio links to', async () => {
    const t = await startTestServer({ docsDir: DEFAULT_DOCS_DIR });
    try {
      const response = await fetch(new URL('/docs/reference/diagnostics.md', t.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('<title>Diagnostics reference · Colloquy</title>');
      for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(html, code).toContain(`id="${code.toLowerCase()}"`);
      expect(html).toMatch(/<pre><code class="language-yaml">/);
      // Pages link to each other with relative .md links, which resolve under /docs/.
      expect((await fetch(new URL('/docs/README.md', t.url))).status).toBe(200);
      expect((await fetch(new URL('/docs', t.url), { redirect: 'manual' })).headers.get('location')).toBe('/docs/README.md');
    } finally {
      await t.close();
    }
  });

  it('serves only Markdown files inside the docs folder', async () => {
    const docs = join(scratch, 'docs');
    mkdirSync(join(docs, 'guides'), { recursive: true });
    writeFileSync(join(docs, 'guides/a.md'), '# A\n\nSee [b](b.md).\n');
    writeFileSync(join(docs, 'notes.txt'), 'not a page');
    writeFileSync(join(scratch, 'secret.md'), '# secret');
    symlinkSync(join(scratch, 'secret.md'), join(docs, 'link.md'));
    const t = await startTestServer({ docsDir: docs });
    try {
      expect(await (await fetch(new URL('/docs/guides/a.md', t.url))).text()).toContain('<a href="b.md">b</a>');
      for (const path of ['/docs/notes.txt', '/docs/../secret.md', '/docs/%2e%2e/secret.md', '/docs/link.md', '/docs/guides/missing.md', '/docs/%E0%A4%A.md', '/docs/guides//a.md']) {
        const response = await fetch(new URL(path, t.url));
        expect([400, 404], path).toContain(response.status); // 400: Fastify refuses a malformed %-escape itself
        expect(await response.text(), path).not.toContain('id="secret"');
      }
    } finally {
      await t.close();
    }
  });
});

describe('headingAnchor', () => {
  it('gives a diagnostic heading its code, and other headings GitHub-style slugs', () => {
    expect(headingAnchor('CQ201 Unknown node')).toBe('cq201');
    expect(headingAnchor('Save it, then test!')).toBe('save-it-then-test');
    expect(headingAnchor('`colloquy serve [dir]`')).toBe('colloquy-serve-dir');
  });
});
