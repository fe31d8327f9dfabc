/**
 * The committed tiny transformers.js model (packages/nlu/test/fixtures/tiny-model) is exactly
 * what `pnpm gen:tiny-model` writes, so nobody edits it by hand and the script stays the truth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_MODEL_DIR, tinyModelFiles } from '../../scripts/tiny-model/makeTinyModel.ts';

describe('the tiny test model', () => {
  it('is what the script generates, byte for byte', () => {
    const files = tinyModelFiles();
    expect([...files.keys()].sort()).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    for (const [path, bytes] of files) {
      expect(Buffer.compare(readFileSync(join(TINY_MODEL_DIR, path)), Buffer.from(bytes)), `${path}: run pnpm gen:tiny-model`).toBe(0);
    }
  });

  it('is generated the same way every time', () => {
    const first = tinyModelFiles().get('onnx/model.onnx')!;
    const second = tinyModelFiles().get('onnx/model.onnx')!;
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
    // a real model file: an ONNX ModelProto starts with ir_version (field 1, varint 8)
    expect([...first.slice(0, 2)]).toEqual([0x08, 0x08]);
  });
});
