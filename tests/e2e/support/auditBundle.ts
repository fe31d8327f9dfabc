/**
 * Evidence bundles as an auditor gets them: exported from the Audit view (a
 * real download), checked with the real `colloquy audit verify --bundle` in a
 * child process, and spoiled by one byte to see the check refuse it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from './studioSession.ts';

/** Runs `colloquy audit verify --bundle <file>`: its exit status and what it printed. */
export function verifyBundle(file: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'audit', 'verify', '--bundle', file], { encoding: 'utf8' });
}

/**
 * Presses "Export bundle" in the Audit view of `page` (which exports the change named in its
 * export field, or else in its change filter), saves the download as `<dir>/<suggested name>`
 * and waits until the view says the export is recorded in the log. Returns the file.
 */
export async function exportBundleFromAuditView(page: Page, dir: string): Promise<{ file: string; suggestedName: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const suggestedName = download.suggestedFilename();
  const file = join(dir, suggestedName);
  await download.saveAs(file);
  await page.getByTestId('audit-export-result').filter({ hasText: 'recorded in the log as audit.exported' }).waitFor();
  return { file, suggestedName };
}

/**
 * Writes a copy of bundle `file` with one byte changed: the second byte of the first occurrence
 * of `text` becomes `replacement` (one ASCII character). Returns the copy's path.
 */
export function withOneByteChanged(file: string, text: string, replacement: string): string {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(text);
  if (at < 0) throw new Error(`${file} does not contain ${JSON.stringify(text)}`);
  if (replacement.length !== 1 || replacement === text[1]) throw new Error(`one other ASCII character is needed, not ${JSON.stringify(replacement)}`);
  const tampered = Buffer.from(bytes);
  tampered[at + 1] = replacement.charCodeAt(0);
  const out = file.replace(/(\.json)?$/, '.tampered.json');
  writeFileSync(out, tampered);
  return out;
}
