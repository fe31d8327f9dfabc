import { describe, expect, it } from 'vitest';
import { parseContextValue } from '@colloquy/simulator';
import { actionControls, contextControls, type ContextControl } from '../../../src/features/simulate/sessionControls.ts';
import type { Recognition } from '@colloquy/nlu';
import { DEFAULT_TRY_IT_CONFIG, createTryItSession, type ModelRecognitions, type TryItConfig } from '../../../src/features/simulate/tryItSession.ts';
import { readExampleWorkspace, withFiles } from './support.ts';

const files = readExampleWorkspace();

function started(config: TryItConfig = DEFAULT_TRY_IT_CONFIG, source: ReadonlyMap<string, string> = files) {
  const session = createTryItSession();
  const result = session.start(source, config);
  if (!result.ok) throw new Error(result.reason);
  return session;
}

describe('Try-it session', () => {
  it('opens with the greeting from agent.yaml as turn 0', () => {
    const session = started();
    const conversation = session.conversation()!;
    expect(conversation.opening.turn).toBe(0);
    expect(conversation.opening.messages[0]).toMatch(/^Hello, I'm Northbank's digital assistant/);
    expect(conversation.messages).toEqual([{ role: 'bot', text: conversation.opening.messages[0], turn: 0 }]);
    expect(conversation.status).toBe('idle');
  });

  it('summarises each turn: intent and confidence, node path, slots, rule rows, actions, end', () => {
    // Given a conversation about a lost card
    const session = started();
    // When the designer goes through the happy path
    const first = session.send('I lost my card')!;
    session.send('yes');
    const third = session.send('4821')!;
    const last = session.send('yes please')!;

    // Then the trace pane has what happened at each turn
    expect(first.trace.recognized).toMatchObject({ intent: 'report_lost_card' });
    expect(first.trace.recognized!.confidence).toBeGreaterThan(0);
    expect(first.trace.flowsEntered).toEqual(['card_lost']);
    expect(first.trace.path.map((s) => s.node)).toEqual(['reassure', 'ask_consent']);
    expect(first.trace.path[0]!.at).toMatchObject({ file: 'flows/card_lost.flow.yaml' });
    expect(first.trace).toMatchObject({ flow: 'card_lost', node: 'ask_consent', status: 'waiting' });

    expect(third.trace.slots).toEqual({ card_consent: true, card_last4: '4821' });
    expect(third.trace.filled).toEqual([expect.objectContaining({ slot: 'card_last4', value: '4821', source: 'answer' })]);
    expect(third.trace.rules).toEqual([expect.objectContaining({ table: 'card_freeze', row: 2, rowNumber: 3 })]);
    expect(third.trace.rules[0]!.at).toMatchObject({ file: 'rules/card_freeze.rules.yaml' });
    expect(third.trace.actions).toEqual([expect.objectContaining({ action: 'cards.freeze', outcome: 'ok' })]);
    expect(third.trace.transitions.length).toBeGreaterThan(0);
    expect(third.trace.lines.some((l) => l.text.startsWith('rules card_freeze row 3'))).toBe(true);

    expect(last.trace.end).toMatchObject({ outcome: 'resolved', flow: 'card_lost' });
    expect(last.trace.actions).toEqual([expect.objectContaining({ action: 'cards.reissue', outcome: 'ok' })]);
    expect(session.conversation()!.status).toBe('idle');

    const roles = session.conversation()!.messages.map((m) => m.role);
    expect(roles.slice(0, 4)).toEqual(['bot', 'user', 'bot', 'bot']);
    expect(session.conversation()!.turns).toHaveLength(4);
  });

  it('runs with the context variables and action outcomes the designer set, like chat --context/--action', () => {
    const session = started({ context: { authenticated: false }, actions: { 'identity.verify': 'failed' }, today: '2026-01-01' });
    const first = session.send('what is my balance')!;
    expect(first.trace.node).toBe('ask_code');
    const second = session.send('123456')!;
    expect(second.trace.actions).toEqual([expect.objectContaining({ action: 'identity.verify', outcome: 'failed' })]);
    expect(second.trace.handoff).toMatchObject({ queue: 'general' });
    expect(session.conversation()!.status).toBe('handed_off');
  });

  it('takes a model’s recognitions when given them, the lexical recognizer’s otherwise, and says which answered', () => {
    const paraphrase = 'somebody pinched my card';
    // What the use model answers for it in the browser (apps/studio/test/worker/TryItRecognizer.test.ts).
    const stolen: Recognition = { intent: 'report_lost_card', confidence: 0.81, ranking: [{ intent: 'report_lost_card', score: 0.81 }], slots: {} };
    const model: ModelRecognitions = { recognizer: 'use', byText: new Map([[paraphrase, stolen]]) };

    const lexical = started().send(paraphrase)!;
    expect(lexical.trace.recognized).toMatchObject({ recognizer: 'lexical' });
    expect(lexical.trace.recognized!.intent).not.toBe('report_lost_card');

    const session = started();
    const first = session.send(paraphrase, model)!;
    expect(first.trace.recognized).toEqual({ intent: 'report_lost_card', confidence: 0.81, ranking: stolen.ranking, recognizer: 'use' });
    expect(first.trace.flowsEntered).toEqual(['card_lost']);
    // The answer to the question is not sent to any recognizer; an utterance the model was not asked about goes lexical.
    expect(session.send('yes', model)!.trace.recognized).toBeUndefined();
    const other = started().send('what is my balance', model)!;
    expect(other.trace.recognized).toMatchObject({ intent: 'check_balance', recognizer: 'lexical' });

    // A replay and a played case take them too.
    expect(session.utterances()).toEqual([paraphrase, 'yes']);
    const replayed = session.replay(files, model);
    expect(replayed.ok && replayed.conversation.turns[0]!.trace.recognized).toMatchObject({ intent: 'report_lost_card', recognizer: 'use' });
    const played = session.play(files, [paraphrase], DEFAULT_TRY_IT_CONFIG, model);
    expect(played.ok && played.conversation.turns[0]!.trace.flowsEntered).toEqual(['card_lost']);
    // Without them, the same conversation is the lexical one again.
    const plain = session.replay(files);
    expect(plain.ok && plain.conversation.turns[0]!.trace.recognized).toMatchObject({ recognizer: 'lexical' });
    expect(session.files()?.has('agent.yaml')).toBe(true);
    expect(session.files()?.has('tests/card_lost.test.yaml')).toBe(false);
  });

  it('says when the utterance was not understood', () => {
    const session = started();
    const turn = session.send('blah blah')!;
    expect(turn.trace.fallback).toBe(true);
    expect(turn.trace.recognized?.intent).toBeNull();
  });

  it('runs on the unsaved text, and ignores files that are not part of a workspace', () => {
    const agent = files.get('agent.yaml')!.replace("Hello, I'm Northbank's digital assistant.", 'Hi there, edited greeting.');
    const session = started(DEFAULT_TRY_IT_CONFIG, withFiles(files, { 'agent.yaml': agent, 'notes/todo.md': 'kind: nonsense' }));
    expect(session.conversation()!.opening.messages[0]).toMatch(/^Hi there, edited greeting\./);
  });

  it('refuses with a readable reason when the workspace has errors, and keeps the conversation', () => {
    const session = started();
    session.send('I lost my card');
    const broken = withFiles(files, { 'flows/card_lost.flow.yaml': files.get('flows/card_lost.flow.yaml')!.replace('next: ask_consent', 'next: ask_consnet') });
    const result = session.start(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/^The workspace has 1 error; fix it to try the assistant\./);
    expect(result.reason).toContain('flows/card_lost.flow.yaml:');
    expect(result.reason).toContain('ask_consnet');
    expect(result.errors).toHaveLength(1);
    expect(session.conversation()!.turns).toHaveLength(1);
  });

  it('notices edits and replays the same utterances on the new text', () => {
    const session = started({ context: { tier: 'gold' }, actions: {}, today: '2026-01-01' });
    session.send('I lost my card');
    session.send('yes');
    expect(session.isStale(files)).toBe(false);
    const edited = withFiles(files, {
      'flows/card_lost.flow.yaml': files.get('flows/card_lost.flow.yaml')!.replace('What are the last 4 digits of the card?', 'Which 4 digits does the card end in?'),
    });
    expect(session.isStale(edited)).toBe(true);

    const replayed = session.replay(edited);
    expect(replayed.ok).toBe(true);
    const conversation = session.conversation()!;
    expect(conversation.config.context).toEqual({ tier: 'gold' });
    expect(conversation.turns.map((t) => t.utterance)).toEqual(['I lost my card', 'yes']);
    expect(conversation.turns[1]!.messages[0]).toMatch(/^Which 4 digits does the card end in\?/);
    expect(session.isStale(edited)).toBe(false);
  });

  it('is not interrupted by test files: saving a test does not make it stale, a broken test does not stop it', () => {
    const session = started();
    session.send('I lost my card');
    const savedTest = withFiles(files, { 'tests/card_lost.test.yaml': `${files.get('tests/card_lost.test.yaml')!}\n  - id: more\n    turns: [{ user: "hi" }]\n` });
    expect(session.isStale(savedTest)).toBe(false);
    const brokenTest = withFiles(files, { 'tests/card_lost.test.yaml': 'kind: test\nversion: 1\nid: card_lost\ntests: 3\n' });
    expect(session.start(brokenTest).ok).toBe(true);
  });

  it('has nothing to send to before a conversation starts', () => {
    expect(createTryItSession().send('hello')).toBeUndefined();
  });
});

describe('session controls', () => {
  const session = started();
  const workspace = session.workspace()!;

  it('offers the context variables agent.yaml declares, typed', () => {
    const controls = contextControls(workspace);
    expect(controls.map((c) => c.name)).toEqual(['tier', 'fraud_score', 'account_age_days', 'authenticated', 'balance']);
    expect(controls[0]).toMatchObject({ type: 'string', values: ['standard', 'gold', 'private'], defaultValue: 'standard' });
    expect(controls[3]).toMatchObject({ type: 'boolean', defaultValue: false });
  });

  it('offers each action with its outcomes and default', () => {
    const freeze = actionControls(workspace).find((a) => a.name === 'cards.freeze');
    expect(freeze).toMatchObject({ outcomes: ['ok', 'failed'], defaultOutcome: 'ok' });
  });

  it('reads inputs as the declared type and refuses what does not fit (the parser colloquy chat uses)', () => {
    const number: ContextControl = { name: 'fraud_score', type: 'number' };
    const tier: ContextControl = { name: 'tier', type: 'string', values: ['standard', 'gold'] };
    const flag: ContextControl = { name: 'authenticated', type: 'boolean' };
    expect(parseContextValue(' 0.92 ', number)).toEqual({ ok: true, value: 0.92 });
    expect(parseContextValue('high', number)).toMatchObject({ ok: false });
    expect(parseContextValue('gold', tier)).toEqual({ ok: true, value: 'gold' });
    expect(parseContextValue('platinum', tier)).toEqual({ ok: false, reason: 'tier is one of standard, gold' });
    expect(parseContextValue('false', flag)).toEqual({ ok: true, value: false });
    expect(parseContextValue('', flag)).toEqual({ ok: true, value: undefined });
  });
});
