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

  it('follows Try it’s model in the browser: loading, ready with the model and weights hash, failed with the reason', () => {
    const text = agent('  recognizer: use\n  threshold: 0.6');
    const loading = recognizerStatus(text, { kind: 'loading', recognizer: 'use' });
    expect(loading.label).toBe('recognizer: loading use…');
    expect(loading.title).toContain('Until it has, Try it uses the lexical one');
    const ready = recognizerStatus(text, { kind: 'ready', recognizer: 'use', model: 'use-lite-512', weightsSha256: 'ab12'.repeat(16) });
    expect(ready.label).toBe('recognizer: use ≥ 0.6');
    expect(ready.title).toContain('use-lite-512, weights sha256 ab12ab12ab12…');
    expect(ready.title).toContain('test runs in the studio use the lexical one');
    const failed = recognizerStatus(text, { kind: 'failed', recognizer: 'use', reason: 'GET /models/use.json answered 404' });
    expect(failed.label).toBe('recognizer: use failed (studio: lexical)');
    expect(failed.title).toContain('GET /models/use.json answered 404');
    // A model the browser does not run, or a state left from before agent.yaml changed, is not shown as running.
    expect(recognizerStatus(text, { kind: 'off' }).label).toBe('recognizer: use (studio: lexical)');
    expect(recognizerStatus(agent('  recognizer: transformers'), { kind: 'ready', recognizer: 'use', model: 'm', weightsSha256: 'h' }).label).toBe('recognizer: transformers (studio: lexical)');
    expect(recognizerStatus(agent('  recognizer: lexical'), { kind: 'loading', recognizer: 'use' }).label).toBe('recognizer: lexical');
  });

  it('falls back to lexical for a missing agent, broken YAML or a hostile value', () => {
    expect(recognizerStatus(undefined).label).toBe('recognizer: lexical');
    expect(recognizerStatus('nlu: [unclosed').label).toBe('recognizer: lexical');
    expect(recognizerStatus(agent('  recognizer: { a: 1 }')).label).toBe('recognizer: lexical');
    expect(recognizerStatus(agent(`  recognizer: ${'x'.repeat(500)}`)).label.length).toBeLessThan(80);
  });
});
