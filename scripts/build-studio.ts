/**
 * Builds the studio (apps/studio → apps/studio/dist) unless the build is already
 * up to date.
 *
 * Why a stamp instead of always building: a production build takes about a
 * minute on a 2-core machine, and both the README's first command and the
 * browser tests need a build that matches the current source. The stamp is a
 * hash of every input the bundle is made from (the studio's source, the
 * packages it bundles, the lockfile and the build config), so a stale build is
 * never served and an unchanged one is never rebuilt.
 *
 *   tsx scripts/build-studio.ts [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = resolve(import.meta.dirname, '..');
const STUDIO = join(REPO, 'apps/studio');
export const STUDIO_DIST = join(STUDIO, 'dist');
const STAMP = join(STUDIO_DIST, '.build-stamp');

/** Folders and files whose content goes into the bundle. Tests and docs do not. */
const INPUTS = [
  'apps/studio/src',
  'apps/studio/index.html',
  'apps/studio/vite.config.ts',
  'apps/studio/package.json',
  'apps/studio/tsconfig.json',
  'packages/core/src',
  'packages/core/package.json',
  'packages/engine/src',
  'packages/engine/package.json',
  'packages/governance/src',
  'packages/governance/package.json',
  'packages/nlu/src',
  'packages/nlu/package.json',
  'packages/simulator/src',
  'packages/simulator/package.json',
  'pnpm-lock.yaml',
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** A hash of the inputs' paths and contents: equal hashes mean an equal bundle. */
export function studioSourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesUnder(join(REPO, input))) {
      hash.update(relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

export function studioBuildIsCurrent(): boolean {
  return existsSync(join(STUDIO_DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === studioSourceHash();
}

/** Builds when the stamp is missing or stale (or always, with `force`). Returns whether it built. */
export async function buildStudio(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  if (!options.force && studioBuildIsCurrent()) {
    log('studio: the build in apps/studio/dist is up to date');
    return false;
  }
  const release = await takeBuildLock(log);
  try {
    // Someone else may have built the same source while we waited for the lock.
    if (!options.force && studioBuildIsCurrent()) return false;
    log('studio: building apps/studio (about a minute)…');
    const hash = studioSourceHash();
    // Built beside dist and swapped in whole, so a running server never serves a half-written build.
    const staging = join(STUDIO, `.dist-building-${process.pid}`);
    const { build } = await import('vite');
    await build({ configFile: join(STUDIO, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    writeFileSync(join(staging, '.build-stamp'), `${hash}\n`);
    const old = join(STUDIO, `.dist-old-${process.pid}`);
    if (existsSync(STUDIO_DIST)) renameSync(STUDIO_DIST, old);
    renameSync(staging, STUDIO_DIST);
    rmSync(old, { recursive: true, force: true });
    log('studio: built apps/studio/dist');
    return true;
  } finally {
    release();
  }
}

/** One build at a time per checkout (parallel test runs would otherwise race). */
async function takeBuildLock(log: (line: string) => void): Promise<() => void> {
  const lock = join(STUDIO, '.build-lock');
  const deadline = Date.now() + 10 * 60_000;
  for (let announced = false; ; ) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      // A lock older than ten minutes belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another build holds ${lock}; remove it if no build is running`);
      if (!announced) (log('studio: waiting for another build to finish…'), (announced = true));
      await new Promise((wake) => setTimeout(wake, 1_000));
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildStudio({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    process.stderr.write(`studio: the build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
