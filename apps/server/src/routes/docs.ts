/**
 * Serves the user documentation (the repository's docs/ folder) as web pages at
 * `/docs/<path>.md`, so the studio can link a diagnostic code straight to its
 * explanation (`/docs/reference/diagnostics.md#cq201`) on a machine with no
 * internet access. Relative links between the pages keep working because the
 * URLs mirror the folder.
 *
 * Only `.md` files inside the docs folder are served (the same confinement as
 * workspace paths: no `..`, no symlink escape). The Markdown is ours, from the
 * repository, not user content.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Marked } from 'marked';

/** The repository's docs/, found relative to this package. */
export const DEFAULT_DOCS_DIR = fileURLToPath(new URL('../../../../docs/', import.meta.url));

/** The anchor of a heading: `CQ201 …` → `cq201`; anything else GitHub-style (`Save it` → `save-it`). */
export function headingAnchor(text: string): string {
  const code = /^(CQ\d{3})\b/.exec(text);
  if (code) return code[1]!.toLowerCase();
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const markdown = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${escapeHtml(headingAnchor(text))}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

export function renderDocPage(title: string, source: string): string {
  const body = markdown.parse(source, { async: false });
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)} · Colloquy</title>
<style>
  body { font: 15px/1.6 system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; }
  pre, code { font-family: ui-monospace, monospace; font-size: 0.92em; }
  pre { padding: 0.8em; overflow-x: auto; background: color-mix(in srgb, currentColor 7%, transparent); }
  table { border-collapse: collapse; } td, th { border: 1px solid color-mix(in srgb, currentColor 25%, transparent); padding: 0.2em 0.6em; }
  :target { background: color-mix(in srgb, #f5c400 25%, transparent); }
</style>
<body>
${body}
</body>
</html>
`;
}

/** The file a `/docs/...` URL names, or undefined when it is not a Markdown file inside `docsDir`. */
export function resolveDocPath(docsDir: string, urlPath: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!relative.endsWith('.md') || relative.includes('\0') || relative.split('/').some((part) => part === '..' || part === '')) return undefined;
  if (!existsSync(docsDir)) return undefined;
  const root = realpathSync(docsDir);
  const file = resolve(root, relative);
  if (!existsSync(file)) return undefined;
  const real = realpathSync(file);
  if (!real.startsWith(root + sep) || !statSync(real).isFile()) return undefined;
  return real;
}

export function registerDocsRoutes(app: FastifyInstance, docsDir: string): void {
  app.get<{ Params: { '*': string } }>('/docs/*', async (request, reply) => {
    const file = resolveDocPath(docsDir, request.params['*']);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('There is no such page in the documentation.');
    const source = readFileSync(file, 'utf8');
    const title = /^# (.+)$/m.exec(source)?.[1] ?? 'Documentation';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderDocPage(title, source));
  });
  app.get('/docs', async (_request, reply) => reply.redirect('/docs/README.md'));
}

