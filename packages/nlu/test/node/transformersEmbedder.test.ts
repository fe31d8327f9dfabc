import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkspace, type Workspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { cosine, EmbeddingCache, RANKING_SIZE, type Embedder } from '@colloquy/nlu';
import { loadTransformersEmbedder, loadTransformersRecognizer, TransformersModelError } from '@colloquy/nlu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The `transformers` recognizer through its real loading path (transformers.js, onnxruntime-node)
 * on the project's tiny model (test/fixtures/tiny-model, `pnpm gen:tiny-model`). The tiny model
 * knows word groups only (lost/missing/stolen, card/debit, balance/money/account, weather/rain…),
 * so the sentences below are made of its words.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TINY_MODEL = join(FIXTURES, 'tiny-model');

describe('the transformers embedder on the tiny model', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadTransformersEmbedder({ model: 'tiny-model', localModelPath: FIXTURES });
  }, 30_000);
  afterAll(() => embedder.dispose());

  it('identifies its model by id and the sha256 of the ONNX file it loaded', async () => {
    const onnx = await readFile(join(TINY_MODEL, 'onnx/model.onnx'));
    expect(embedder.modelId).toBe('tiny-model');
    expect(embedder.weightsSha256).toBe(createHash('sha256').update(onnx).digest('hex'));
    expect(embedder.dimensions).toBe(32);
  });

  it('gives unit vectors that put sentences with the same words close together', async () => {
    const [lost, missing, weather] = await embedder.embed(['I lost my card', 'my card is missing', "what's the weather"]);
    expect(lost).toHaveLength(32);
    expect(cosine(lost!, lost!)).toBeCloseTo(1, 5);
    expect(cosine(lost!, missing!)).toBeGreaterThan(0.7);
    expect(cosine(lost!, missing!)).toBeGreaterThan(cosine(lost!, weather!) + 0.3);
  });

  it('embeds a text the same alone and in a batch, across batch boundaries, and odd text without throwing', async () => {
    const odd = ['', '   ', '😀🎉', '\ud800 lone surrogate', '\u0000\u0007', 'card '.repeat(20_000)];
    const texts = [...Array.from({ length: 40 }, (_, i) => `my card ${i}`), 'I lost my card', ...odd];
    const batch = await embedder.embed(texts);
    const [alone] = await embedder.embed(['I lost my card']);
    expect(batch).toHaveLength(texts.length);
    expect(cosine(batch[40]!, alone!)).toBeCloseTo(1, 5);
    for (const vector of batch) expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('loads an absolute folder too, naming the model by the folder', async () => {
    const again = await loadTransformersEmbedder({ model: TINY_MODEL });
    try {
      expect(again.modelId).toBe('tiny-model');
      expect(again.weightsSha256).toBe(embedder.weightsSha256);
    } finally {
      again.dispose();
    }
  }, 30_000);
});

describe('loading a transformers model that is not there', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'colloquy-transformers-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says where it looked, that nothing was downloaded, and how to get the model', async () => {
    const error = await loadTransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', localModelPath: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransformersModelError);
    expect(error).toMatchObject({ code: 'model_not_found' });
    const message = (error as Error).message;
    expect(message).toContain(join(dir, 'Xenova/all-MiniLM-L6-v2'));
    expect(message).toContain('nothing was fetched');
    expect(message).toContain('onnx/model.onnx');
    expect(message).toContain('nlu.model');
  });

  it('never tries the network when remote models are off', async () => {
    // Given a fetch that records every call
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      calls.push(String(input));
      throw new Error('offline');
    }) as typeof fetch;
    try {
      // When a model id is not on disk
      await expect(loadTransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', localModelPath: dir })).rejects.toThrow(/downloads nothing unless asked/);
    } finally {
      globalThis.fetch = realFetch;
    }
    // Then nothing was requested
    expect(calls).toEqual([]);
  });

  it('names the missing ONNX file of a half-copied folder', async () => {
    const folder = join(dir, 'half');
    await mkdir(folder, { recursive: true });
    await cp(join(TINY_MODEL, 'config.json'), join(folder, 'config.json'));
    await cp(join(TINY_MODEL, 'tokenizer.json'), join(folder, 'tokenizer.json'));
    const error = await loadTransformersEmbedder({ model: folder }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no_onnx_file' });
    expect((error as Error).message).toContain(join(folder, 'onnx/model.onnx'));
  });

  it('names the dtype files that are there when the asked one is not', async () => {
    const error = await loadTransformersEmbedder({ model: TINY_MODEL, dtype: 'q8' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no_onnx_file' });
    expect((error as Error).message).toContain('onnx/ holds model.onnx');
  });
});

describe('the transformers recognizer for a workspace', () => {
  let dir: string;
  let workspace: Workspace;
  beforeAll(async () => {
    // Given a workspace whose agent.yaml names the tiny model, copied into the workspace
    dir = await mkdtemp(join(tmpdir(), 'colloquy-transformers-ws-'));
    await cp(TINY_MODEL, join(dir, 'models/tiny'), { recursive: true });
    await writeFile(join(dir, 'agent.yaml'), AGENT);
    await mkdir(join(dir, 'flows'));
    await writeFile(join(dir, 'flows/lost_card.flow.yaml'), flow('lost_card', ['I lost my card', 'my card was stolen', 'I misplaced my debit card', 'my credit card is gone', 'I cannot find my card']));
    await writeFile(join(dir, 'flows/balance.flow.yaml'), flow('balance', ['what is my balance', 'how much money is in my account', 'my savings balance', 'show my funds', 'what money do I have']));
    await writeFile(join(dir, 'flows/greeting.flow.yaml'), flow('greet', ['hello', 'hi', 'hey there', 'good morning', 'evening']));
    workspace = validateWorkspace(await readWorkspace(dir)).workspace;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains on the workspace with the model agent.yaml names and recognises the right intent', async () => {
    const recognizer = await loadTransformersRecognizer(workspace, { workspaceDir: dir, cache: new EmbeddingCache() });
    try {
      const onnx = await readFile(join(TINY_MODEL, 'onnx/model.onnx'));
      expect(recognizer.info).toEqual({ recognizer: 'transformers', model: 'models/tiny', modelHash: createHash('sha256').update(onnx).digest('hex') });
      expect(recognizer.thresholds).toEqual({ threshold: 0.5, margin: 0 });
      const [lost, balance, hello, empty] = await recognizer.recognizeBatch(['my card is missing', 'how much money in my account', 'hi', '  ']);
      expect(lost!.intent).toBe('lost_card');
      expect(balance!.intent).toBe('balance');
      expect(hello!.intent).toBe('greet');
      expect(empty).toMatchObject({ intent: null, rejected: 'empty' });
      expect(lost!.ranking.length).toBeLessThanOrEqual(RANKING_SIZE);
      expect(await recognizer.recognize('my card is missing')).toEqual(lost);
    } finally {
      recognizer.dispose();
    }
  }, 30_000);

  it('says so when agent.yaml names no transformers model', async () => {
    const noModel = { ...workspace, agent: { ...workspace.agent!, data: { ...workspace.agent!.data, nlu: { recognizer: 'transformers' as const, threshold: 0.5 } } } };
    await expect(loadTransformersRecognizer(noModel, { workspaceDir: dir })).rejects.toThrow(/nlu\.model/);
  });
});

const AGENT = `kind: agent
version: 1
name: Tiny bank
language: en
nlu:
  recognizer: transformers
  model: models/tiny
  threshold: 0.5
fallback:
  say: Sorry?
  max_failures: 2
  handoff:
    queue: general
    reason: Not understood twice.
    say: Passing you to the team.
queues:
  general:
    title: General
    description: Everything else.
    hours: always
`;

function flow(intent: string, examples: readonly string[]): string {
  return `kind: flow
version: 1
id: ${intent}_flow
title: ${intent}
description: Handles ${intent}.
risk: low
intents:
  ${intent}:
    description: The customer wants ${intent}.
    examples:
${examples.map((e) => `      - "${e}"`).join('\n')}
start: reply
nodes:
  reply:
    say: "OK."
    end: done
`;
}
