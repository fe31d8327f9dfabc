import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FALLBACK_SAY, DEFAULT_HANDOFF_NOTICE, type Session } from '../src/index.ts';
import { BALANCE, BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { engineFor, eventsOf } from './support/workspace.ts';

const ODD_INPUTS = [
  '',
  ' ',
  '\n\t',
  'x'.repeat(10_000),
  '1234 '.repeat(2_000),
  '🙂🙃 emoji 💳',
  'مرحبا بطاقتي ضاعت',
  'e\u0301\u0301\u0301 combining',
  '\u0000\u200b\u202e reversed',
  '{card_last4} {__proto__} {constructor}',
  '${}`"\'<script>',
];

/** Sessions in each state a turn can meet: idle, waiting at a question (several kinds), paused under a digression. */
function sessionsInEveryState(): Session[] {
  const engine = engineFor(BANK_FILES, BANK_UTTERANCES);
  const at = (...script: string[]) => {
    const session = engine.startSession();
    for (const u of script) session.turn(u);
    return session;
  };
  return [at(), at('I lost my card'), at('I want to send money'), at('I want to send money', '250'), at('I want to send money', 'I lost my card')];
}

describe('odd input', () => {
  it('never throws, whatever the utterance and the state', () => {
    for (const input of ODD_INPUTS) {
      for (const session of sessionsInEveryState()) {
        const result = session.turn(input);
        expect(result.utterance).toBe(input);
        expect(['idle', 'waiting', 'handed_off']).toContain(result.status);
      }
    }
  });

  it('treats a non-string utterance from untyped callers as empty', () => {
    const session = engineFor(BANK_FILES, BANK_UTTERANCES).startSession();
    const result = session.turn(undefined as unknown as string);
    expect(result).toMatchObject({ utterance: '', fallback: true });
    expect(eventsOf(result.events, 'fallback')).toMatchObject([{ reason: 'empty' }]);
  });

  it('keeps every session in a valid state for arbitrary conversations', () => {
    const engine = engineFor(BANK_FILES, BANK_UTTERANCES);
    const utterance = fc.oneof(fc.constantFrom(...Object.keys(BANK_UTTERANCES), '1234', '250', 'yes', 'no', ''), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(utterance, { maxLength: 12 }), (script) => {
        const session = engine.startSession();
        for (const u of script) {
          const result = session.turn(u);
          expect(result.status).toBe(session.status);
          if (result.status === 'waiting') expect(result.node).toBeDefined();
          // Every turn says something: an answer, a question, a fallback or the handoff notice.
          expect(result.messages.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a workspace without agent.yaml', () => {
  const engine = () => engineFor({ 'flows/balance.flow.yaml': BALANCE }, { 'what is my balance': 'check_balance' }, { allow: ['CQ216'] });

  it('runs flows', () => {
    const session = engine().startSession();
    expect(session.open().messages).toEqual([]);
    expect(session.turn('what is my balance')).toMatchObject({ end: 'answered', messages: ['Your balance is 100 EUR.'] });
  });

  it('uses the default fallback message, two failures and the `default` queue', () => {
    const session = engine().startSession();
    expect(session.turn('huh').messages).toEqual([DEFAULT_FALLBACK_SAY]);
    const second = session.turn('what?');
    expect(second).toMatchObject({ status: 'handed_off', handoff: { queue: 'default' }, messages: [] });
    expect(session.turn('hello?').messages).toEqual([DEFAULT_HANDOFF_NOTICE]);
  });
});
