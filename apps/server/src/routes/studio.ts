/**
 * Serves the built studio (apps/studio/dist) at `/`. Any other GET that is not
 * an API route and not a file gets `index.html`, so the studio's own routes
 * (`/flows/card_lost`) survive a reload. When the studio has not been built,
 * every page says how to build it instead of answering 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const STUDIO_NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Colloquy: the studio is not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The studio is not built yet</h1>
<p>The Colloquy server is running and its API answers at <code>/api/</code>, but the studio's
web page has not been built. From the repository root, run:</p>
<pre>npx --yes pnpm@10 build:studio</pre>
<p>then reload this page. (No restart is needed.)</p>
</body>
</html>
`;

/** Returns a handler for GETs no route matched: the studio page, or the "not built" page. */
export async function registerStudioRoutes(app: FastifyInstance, studioDir: string): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> {
  const indexFile = join(studioDir, 'index.html');
  await app.register(fastifyStatic, {
    root: studioDir,
    // The folder may not exist yet: the server starts anyway and each request looks again.
    suppressWarning: true,
    dotfiles: 'ignore',
    // index.html must always be checked; the files under assets/ carry a hash of their content in
    // their names, so a browser may keep them for good (and reuse its compiled code for Monaco).
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', isHashedAsset(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return async (_request, reply) => {
    if (!existsSync(indexFile)) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(STUDIO_NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
}

/** Vite's output names: `assets/<name>-<8+ char hash>.<ext>`. */
export function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);
}
