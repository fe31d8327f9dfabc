import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkspace, type SourceFile, type Workspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';

export const FLOWS = fileURLToPath(new URL('../../../../flows/', import.meta.url));

let loaded: Promise<Workspace> | undefined;

/** The example bank workspace in flows/, read and validated once per test file. */
export function exampleWorkspace(): Promise<Workspace> {
  loaded ??= readWorkspace(FLOWS).then((files) => validateWorkspace(files).workspace);
  return loaded;
}

/** The example workspace's files, read synchronously, so a test can change one before validating. */
export function exampleFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) files.push({ path: relative(FLOWS, full).split(sep).join('/'), content: readFileSync(full, 'utf8') });
    }
  };
  walk(FLOWS);
  return files;
}
