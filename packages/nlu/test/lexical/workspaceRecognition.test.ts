import { createLexicalRecognizer, DEFAULT_THRESHOLD, lexicalNlu, lexicalRecognizerForWorkspace, workspaceIntents, workspaceThresholds } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { exampleWorkspace, withTypo } from './exampleWorkspace.ts';

/**
 * The lexical recognizer trained on the example bank workspace (flows/), with
 * the agent's own threshold and margin: what a designer gets in the studio and
 * a customer gets at run time.
 */
describe('the lexical recognizer on the example workspace', async () => {
  const workspace = await exampleWorkspace();
  const recognizer = lexicalRecognizerForWorkspace(workspace);
  const intents = workspaceIntents(workspace);

  it('is trained on every intent of every flow, with the agent thresholds', () => {
    expect(intents.length).toBeGreaterThanOrEqual(10);
    expect(workspaceThresholds(workspace)).toEqual({ threshold: workspace.agent!.data.nlu.threshold, margin: workspace.agent!.data.nlu.margin ?? 0 });
    expect(recognizer.info).toEqual({ recognizer: 'lexical' });
  });

  it.each([
    ['how much money is in my account', 'check_balance'],
    ['tell me my balance', 'check_balance'],
    ['my mother passed away', 'report_bereavement'],
    ['where is the closest branch', 'find_branch'],
    ['I have lost my debit card', 'report_lost_card'],
    ['somebody stole my card', 'report_lost_card'],
    ['still waiting for my new card', 'card_not_arrived'],
    ['i have moved to a new house', 'change_address'],
    ['I want to switch banks', 'close_account'],
    ['your service is terrible', 'make_complaint'],
    ['I was charged twice', 'dispute_transaction'],
    ['hello there', 'greet'],
    ['are you open on saturday', 'opening_hours'],
    ['the security code never arrived', 'passcode_not_received'],
    ['is this chat private', 'privacy_question'],
    ['what did I spend yesterday', 'recent_transactions'],
    ['someone called pretending to be from the bank', 'report_scam'],
    ['let me speak to a human', 'speak_to_person'],
    ['thanks a lot', 'thank_you'],
    ['send 50 pounds to my brother', 'transfer_money'],
    ['i lost my job and cant pay my bills', 'need_support'],
  ])('recognises the paraphrase "%s" as %s', (utterance, intent) => {
    expect(intents.map((i) => i.intent)).toContain(intent);
    const recognition = recognizer.recognizeSync(utterance);
    expect(recognition.intent).toBe(intent);
    expect(recognition.rejected).toBeUndefined();
  });

  it.each([
    ['whats my balence', 'check_balance'],
    ['ive lost my crad', 'report_lost_card'],
    ['I want to close my acount', 'close_account'],
    ['can i talk to a real persn', 'speak_to_person'],
    ['I WANT TO COMPLAIN!!!', 'make_complaint'],
  ])('recognises "%s", typed carelessly, as %s', (utterance, intent) => {
    expect(recognizer.recognizeSync(utterance).intent).toBe(intent);
  });

  it('still ranks the right intent first for nearly every training example with a typo', () => {
    const cases = intents.flatMap(({ intent, examples }) => examples.map((example) => ({ intent, utterance: withTypo(example) })));
    const wrong = cases.filter(({ intent, utterance }) => recognizer.recognizeSync(utterance).ranking[0]?.intent !== intent);
    expect(wrong.length / cases.length).toBeLessThan(0.05);
  });

  it.each(['tell me a joke', 'what is the capital of France', 'play some music', 'book a table for two', 'set an alarm for 7am', 'how tall is mount everest', 'recommend a good movie', 'asdfghjkl'])(
    'does not recognise the out-of-scope "%s"',
    (utterance) => {
      const recognition = recognizer.recognizeSync(utterance);
      expect(recognition.intent).toBeNull();
      expect(recognition.rejected).toBe('out_of_scope');
      expect(recognition.confidence).toBeLessThan(workspaceThresholds(workspace).threshold);
    },
  );

  it("rejects out-of-scope utterances that share a common word with the examples at the workspace's threshold", () => {
    // "what's ... in ..." also opens "what's in my account": the example agent's threshold (0.4) is chosen so
    // that such utterances are still rejected (docs/reference/nlu.md, "Choosing the threshold").
    for (const utterance of ["what's the weather in Paris", 'translate hello into spanish', 'who won the football']) {
      expect(recognizer.recognizeSync(utterance).intent, utterance).toBeNull();
    }
  });

  it('ranks intents best first, with confidences between 0 and 1, and reports the best as the confidence', () => {
    for (const utterance of ['I lost my card', 'tell me a joke', 'card', 'my card has not arrived and I want to complain']) {
      const { ranking, confidence } = recognizer.recognizeSync(utterance);
      expect(ranking.length).toBeGreaterThan(0);
      expect(ranking.length).toBeLessThanOrEqual(10);
      expect(new Set(ranking.map((r) => r.intent)).size).toBe(ranking.length);
      for (const [i, { score }] of ranking.entries()) {
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        if (i > 0) expect(score).toBeLessThanOrEqual(ranking[i - 1]!.score);
      }
      expect(confidence).toBe(ranking[0]!.score);
    }
  });

  it('leaves slots to the flows: the lexical recognizer fills none', () => {
    // Slot values in the opening utterance are pre-filled by the runtime from the flow's slot types (prefillSlots).
    expect(recognizer.recognizeSync('I lost my card ending 1234 yesterday').slots).toEqual({});
  });

  it('gives the engine and the simulator the same recognizer as an NLU function (lexicalNlu)', () => {
    const nlu = lexicalNlu(workspace);
    for (const utterance of ['tell me my balance', 'I WANT TO COMPLAIN!!!', 'asdfghjkl']) expect(nlu(utterance)).toEqual(recognizer.recognizeSync(utterance));
  });

  it('answers a batch exactly as one utterance at a time', async () => {
    const utterances = ['I lost my card', 'tell me a joke', '', 'whats my balence', 'I lost my card', '😀'];
    const fresh = lexicalRecognizerForWorkspace(workspace);
    const batch = await fresh.recognizeBatch(utterances);
    const single = await Promise.all(utterances.map((u) => lexicalRecognizerForWorkspace(workspace).recognize(u)));
    expect(batch).toEqual(single);
    expect(batch).toEqual(utterances.map((u) => recognizer.recognizeSync(u)));
  });
});
