import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkspace, type Workspace } from '@colloquy/core';
import { agentModelSource, describeRecognizerModel, loadRecognizerEmbedder, loadUseModelFiles, TransformersModelError } from '@colloquy/nlu/node';
import { describe, expect, it } from 'vitest';

/**
 * The one loader of a recognizer's sentence encoder that `colloquy simulate` and the server's
 * simulation worker share, and the description (model id, weights hash) the studio shows before
 * a run: on the project's tiny transformers model and the packaged Universal Sentence Encoder.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TINY_MODEL = join(FIXTURES, 'tiny-model');

function workspaceWith(nlu: string): Workspace {
  const agent = `kind: agent\nversion: 1\nname: Bank\nlanguage: en\ngreeting: "Hello!"\nnlu: ${nlu}\nfallback:\n  say: "Sorry?"\n  max_failures: 2\n  handoff: { queue: general, reason: not understood }\nqueues:\n  general: { title: General }\n`;
  const { workspace, diagnostics } = validateWorkspace([{ path: 'agent.yaml', content: agent }]);
  expect(diagnostics).toEqual([]);
  return workspace;
}

describe('agentModelSource', () => {
  it('names no model for lexical, the packaged encoder for use, and the folder agent.yaml names for transformers', () => {
    expect(agentModelSource(workspaceWith('{ recognizer: lexical, threshold: 0.5 }'), '/ws')).toBeUndefined();
    expect(agentModelSource(validateWorkspace([]).workspace, '/ws')).toBeUndefined();
    expect(agentModelSource(workspaceWith('{ recognizer: use, threshold: 0.5 }'), '/ws')).toEqual({ recognizer: 'use', localModelPath: '/ws' });
    expect(agentModelSource(workspaceWith('{ recognizer: transformers, model: models/tiny, threshold: 0.5 }'), '/ws')).toEqual({
      recognizer: 'transformers',
      model: 'models/tiny',
      localModelPath: '/ws',
    });
  });
});

describe('describeRecognizerModel and loadRecognizerEmbedder', () => {
  it('describes a transformers model by its id and the sha256 of its ONNX file, as the loaded encoder does', async () => {
    const hash = createHash('sha256')
      .update(await readFile(join(TINY_MODEL, 'onnx/model.onnx')))
      .digest('hex');
    const source = { recognizer: 'transformers', model: 'tiny-model', localModelPath: FIXTURES } as const;
    expect(await describeRecognizerModel(source)).toEqual({ model: 'tiny-model', weightsHash: hash });
    const embedder = await loadRecognizerEmbedder(source);
    try {
      expect([embedder.modelId, embedder.weightsSha256]).toEqual(['tiny-model', hash]);
    } finally {
      embedder.dispose();
    }
  }, 30_000);

  it('describes use by the hash of its packaged weights without starting TensorFlow.js', async () => {
    expect(await describeRecognizerModel({ recognizer: 'use' })).toEqual({ model: 'use-lite-512', weightsHash: (await loadUseModelFiles()).weightsSha256 });
  });

  it('says how to name the model when a transformers source has none, and where it looked when the folder is missing', async () => {
    const unnamed = await describeRecognizerModel({ recognizer: 'transformers' }).catch((error: unknown) => error);
    expect(unnamed).toBeInstanceOf(TransformersModelError);
    expect((unnamed as Error).message).toMatch(/set `nlu\.model` in agent\.yaml/);
    await expect(describeRecognizerModel({ recognizer: 'transformers', model: 'no-such-model', localModelPath: FIXTURES })).rejects.toThrow(/no-such-model/);
  });
});
