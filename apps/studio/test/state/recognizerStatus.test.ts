import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognizerStatus } from '../../src/state/recognizerStatus.ts';

const agent = (nlu: string) => `kind: agent\nversion: 1\nname: Test\nnlu:\n${nlu}\n`;

describe('the status bar’s recognizer', () => {
  it('shows the example workspace’s lexical recognizer and its threshold', () => {
    const text = readFileSync(new URL('../../../../flows/agent.yaml', import.meta.url), 'utf8');
    expect(recognizerStatus(text).label).toBe('recognizer: lexical ≥ 0.4');
  });

  it('says when the agent names a model the studio does not run', () => {
    const status = recognizerStatus(agent('  recognizer: use\n  threshold: 0.6'));
    expect(status.label).toBe('recognizer: use (studio: lexical)');
    expect(status.title).toContain('can differ');
  });

  it('falls back to lexical for a missing agent, broken YAML or a hostile value', () => {
    expect(recognizerStatus(undefined).label).toBe('recognizer: lexical');
    expect(recognizerStatus('nlu: [unclosed').label).toBe('recognizer: lexical');
    expect(recognizerStatus(agent('  recognizer: { a: 1 }')).label).toBe('recognizer: lexical');
    expect(recognizerStatus(agent(`  recognizer: ${'x'.repeat(500)}`)).label.length).toBeLessThan(80);
  });
});
