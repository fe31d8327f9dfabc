import { fileURLToPath } from 'node:url';
import { validateWorkspace, type Workspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';

const FLOWS = fileURLToPath(new URL('../../../../flows/', import.meta.url));

let loaded: Promise<Workspace> | undefined;

/** The example bank workspace in flows/, read and validated once per test file. */
export function exampleWorkspace(): Promise<Workspace> {
  loaded ??= readWorkspace(FLOWS).then((files) => validateWorkspace(files).workspace);
  return loaded;
}
