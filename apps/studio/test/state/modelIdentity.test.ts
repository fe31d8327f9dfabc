import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_MODEL, modelIdentityStatus, SHORT_HASH_LENGTH } from '../../src/state/modelIdentity.ts';

const HASH = '3f2a9c1b7e4d' + '0123456789abcdef'.repeat(3) + '0123';

describe('the status bar’s model identity', () => {
  it('names the recognizer, the model id and the first hex digits of the weights hash, with the full hash in the tooltip', () => {
    expect(HASH).toHaveLength(64);
    const status = modelIdentityStatus({ recognizer: 'use', model: 'use-lite-512', weightsHash: HASH })!;
    expect(status.label).toBe('model: use · use-lite-512 · 3f2a9c1b7e4d');
    expect(SHORT_HASH_LENGTH).toBe(12);
    expect(status.title).toContain(`model use-lite-512, weights sha256 ${HASH}`);
    expect(status.title).toContain('use recognizer');
  });

  it('shortens a long model path from the left in the label and keeps it whole in the tooltip', () => {
    const model = '/home/designer/models/Xenova/bge-small-en-v1.5';
    const status = modelIdentityStatus({ recognizer: 'transformers', model, weightsHash: HASH })!;
    const shown = status.label.split(' · ')[1]!;
    expect(shown).toHaveLength(MAX_SHOWN_MODEL);
    expect(shown).toBe(`…${model.slice(-(MAX_SHOWN_MODEL - 1))}`);
    expect(shown.endsWith('Xenova/bge-small-en-v1.5')).toBe(true);
    expect(status.title).toContain(`model ${model},`);
  });

  it('warns when the server cannot load the model, with its reason as a sentence', () => {
    const status = modelIdentityStatus({
      recognizer: 'transformers',
      model: 'models/missing',
      weightsHash: null,
      error: 'Cannot load the transformers model: The transformers model "models/missing" is not on disk',
    })!;
    expect(status.label).toBe('⚠ model: transformers not loaded');
    expect(status.title).toBe(
      'The server cannot load the transformers model models/missing that agent.yaml names, so simulations will fail: Cannot load the transformers model: The transformers model "models/missing" is not on disk.',
    );
    expect(modelIdentityStatus({ recognizer: 'transformers', model: null, weightsHash: null })!.title).toContain('fail: the server gave no reason.');
  });

  it('shows nothing for the lexical recognizer, which has no model, or before the server has answered', () => {
    expect(modelIdentityStatus({ recognizer: 'lexical', model: null, weightsHash: null })).toBeUndefined();
    expect(modelIdentityStatus(undefined)).toBeUndefined();
  });
});
