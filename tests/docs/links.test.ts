/**
 * Every relative link in the documentation (and the READMEs and CONTEXT.md
 * files that point into it) leads to a file that exists, and every `#anchor`
 * on a Markdown page to a heading on it: a guide that sends a designer to a
 * missing page is a broken promise.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchor } from '../../apps/server/src/routes/docs.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'bench-results', 'test-results', 'scratch', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Anchors of a page's headings, the way the docs server and GitHub make them. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingAnchor(match[1]!.trim())));
}

const pages = markdownFiles(REPO);

describe('links in the documentation', () => {
  it.each(pages.map((page) => [relative(REPO, page), page]))('%s links to pages and headings that exist', (_name, page) => {
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = match[1]!;
      if (/^[a-z]+:/i.test(link) || link.startsWith('/')) continue; // external, or a route of the server
      const [target, anchor] = link.split('#') as [string, string | undefined];
      const file = target === '' ? page : resolve(dirname(page), decodeURIComponent(target));
      if (!existsSync(file)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor && statSync(file).isFile() && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${link}: no heading with that anchor`);
    }
    expect(broken).toEqual([]);
  });
});
