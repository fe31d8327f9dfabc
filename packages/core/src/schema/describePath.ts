import type { PathSegment } from '../source/sourceDocument.ts';

/**
 * Names a place in a file the way a designer would: "node `ask_last4`",
 * "turn 2 of test `happy_path`", rather than `/nodes/ask_last4`.
 */
export function describePath(path: readonly PathSegment[], data: unknown): string {
  if (path.length === 0) return 'the file';
  const [first, second, third, fourth] = path;
  if (path.length >= 2 && typeof second === 'string') {
    const name = `\`${second}\``;
    const owner: Record<string, string> = {
      nodes: 'node',
      intents: 'intent',
      slots: 'slot',
      queues: 'queue',
      actions: 'action',
      context: 'context variable',
      topics: 'topic',
    };
    const label = typeof first === 'string' ? owner[first] : undefined;
    if (label) {
      const base = `${label} ${name}`;
      return path.length === 2 ? base : `${fieldPath(path.slice(2))} of ${base}`;
    }
  }
  if ((first === 'rules' || first === 'inputs' || first === 'outputs') && typeof second === 'number') {
    const noun = first === 'rules' ? 'row' : first === 'inputs' ? 'input' : 'output';
    const base = `${noun} ${second + 1}`;
    return path.length === 2 ? base : `${fieldPath(path.slice(2))} of ${base}`;
  }
  if (first === 'tests' && typeof second === 'number') {
    const test = `test ${testName(data, second)}`;
    if (third === 'turns' && typeof fourth === 'number') {
      const turn = `turn ${fourth + 1} of ${test}`;
      return path.length === 4 ? turn : `${fieldPath(path.slice(4))} in ${turn}`;
    }
    return path.length === 2 ? test : `${fieldPath(path.slice(2))} of ${test}`;
  }
  return fieldPath(path);
}

function testName(data: unknown, index: number): string {
  const tests = (data as { tests?: unknown } | null)?.tests;
  const id = Array.isArray(tests) ? (tests[index] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' ? `\`${id}\`` : `${index + 1}`;
}

/** `a.b[2].c` in backticks. */
export function fieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment + 1}]`;
    else out += out.length === 0 ? segment : `.${segment}`;
  }
  return `\`${out}\``;
}
