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

/**
 * A typo a customer makes: two neighbouring letters swapped in the middle of
 * the longest word ("balance" -> "balnace"). Deterministic, so failures reproduce.
 */
export function withTypo(text: string): string {
  const words = text.split(' ');
  let longest = 0;
  words.forEach((word, i) => {
    if (word.length > words[longest]!.length) longest = i;
  });
  const word = words[longest]!;
  if (word.length < 4) return text;
  const middle = Math.floor(word.length / 2);
  words[longest] = word.slice(0, middle - 1) + word[middle] + word[middle - 1] + word.slice(middle + 1);
  return words.join(' ');
}
