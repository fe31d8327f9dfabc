/**
 * simulateWithRecognizer on the example workspace: with an asynchronous
 * recognizer that answers as the lexical one does, the report is the same
 * bytes as simulate() with the lexical recognizer, and utterances are
 * recognised in batches, not one by one.
 */
import { validateWorkspace } from '@colloquy/core';
import { lexicalRecognizerForWorkspace } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../support/exampleWorkspace.ts';
import { simulate, simulateWithRecognizer } from '@colloquy/simulator';

describe('simulateWithRecognizer', { timeout: 60_000 }, () => {
  it('gives the same report as simulate with a synchronous recognizer that answers the same, in a few batches', async () => {
    const { workspace } = validateWorkspace(exampleFiles());
    const lexical = lexicalRecognizerForWorkspace(workspace);
    const batches: number[] = [];
    const report = await simulateWithRecognizer(
      workspace,
      {
        recognizeBatch: async (texts) => {
          batches.push(texts.length);
          return lexical.recognizeBatch(texts);
        },
      },
      { seed: 'batched', recognizer: { name: 'lexical' }, perIntent: 2 },
    );
    const expected = simulate(workspace, { seed: 'batched', perIntent: 2 });
    expect(JSON.stringify(report)).toBe(JSON.stringify(expected));
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(batches[0]).toBeGreaterThan(50);
  });
});
