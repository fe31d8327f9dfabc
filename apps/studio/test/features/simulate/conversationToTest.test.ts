import { parseYaml, validateWorkspace } from '@colloquy/core';
import { lexicalNlu } from '@colloquy/nlu';
import { runTests } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import { checkTestId, conversationToTest, keyPhrase, suggestTestTarget, testCaseFromConversation, verifySavedTest, type SaveAsTestRequest } from '../../../src/features/simulate/conversationToTest.ts';
import { DEFAULT_TRY_IT_CONFIG, createTryItSession, type TryItConfig, type TryItConversation } from '../../../src/features/simulate/tryItSession.ts';
import { readExampleWorkspace, withFiles } from './support.ts';

const files = readExampleWorkspace();
const baseline = validateWorkspace([...files].filter(([p]) => p.endsWith('.yaml')).map(([path, content]) => ({ path, content })));

function converse(utterances: readonly string[], config: Partial<TryItConfig> = {}, source: ReadonlyMap<string, string> = files): { conversation: TryItConversation; session: ReturnType<typeof createTryItSession> } {
  const session = createTryItSession();
  const started = session.start(source, { ...DEFAULT_TRY_IT_CONFIG, ...config });
  if (!started.ok) throw new Error(started.reason);
  for (const u of utterances) session.send(u);
  return { conversation: session.conversation()!, session };
}

/** Saves, then validates the whole workspace and runs the new test with the simulator, as `colloquy test` would. */
function saveAndRun(request: Omit<SaveAsTestRequest, 'workspace'>, source: ReadonlyMap<string, string> = files) {
  const { workspace } = validateWorkspace(yamlFiles(source));
  const saved = conversationToTest({ ...request, workspace });
  if (!saved.ok) throw new Error(saved.reason);
  const next = withFiles(source, { [saved.path]: saved.text });
  const validated = validateWorkspace(yamlFiles(next));
  const report = runTests(validated.workspace, {
    nlu: lexicalNlu(validated.workspace),
    filter: (suite, test) => suite === saved.suite && test === saved.test.id,
  });
  return { saved, diagnostics: validated.diagnostics, report };
}

function yamlFiles(source: ReadonlyMap<string, string>) {
  return [...source].filter(([p]) => p.endsWith('.yaml')).map(([path, content]) => ({ path, content }));
}


const CARD_TESTS = 'tests/card_lost.test.yaml';

/** Conversations that take different paths through the example workspace. */
const CONVERSATIONS: { name: string; utterances: string[]; config?: Partial<TryItConfig> }[] = [
  { name: 'lost card, frozen and replaced', utterances: ['I lost my card', 'yes', '4821', 'yes please'] },
  { name: 'balance, code refused, handed over', utterances: ['what is my balance', '123456'], config: { context: { authenticated: false }, actions: { 'identity.verify': 'failed' } } },
  { name: 'two misunderstandings, then a person', utterances: ['blah blah', 'asdf qwer', 'zzz'] },
  { name: 'a lost card interrupts a transfer, which resumes', utterances: ['I want to send money', 'I lost my card', 'yes', '1234', 'no'] },
  { name: 'gold customer, freeze fails', utterances: ["I've misplaced my bank card", 'yes', '3004'], config: { context: { tier: 'gold' }, actions: { 'cards.freeze': 'failed' } } },
  { name: 'dispute in progress', utterances: ['I want to dispute a payment', 'online shopping'] },
];

describe('saving a Try-it conversation as a test', () => {
  it('starts from an example workspace without diagnostics', () => {
    expect(baseline.diagnostics).toEqual([]);
  });

  for (const { name, utterances, config } of CONVERSATIONS) {
    it(`${name}: appended to ${CARD_TESTS}, it validates and passes`, () => {
      const { conversation } = converse(utterances, config);
      const original = files.get(CARD_TESTS)!;
      const { saved, diagnostics, report } = saveAndRun({ conversation, path: CARD_TESTS, existingText: original, testId: 'saved_from_try_it', title: name });
      expect(diagnostics).toEqual([]);
      expect(report.tests).toHaveLength(1);
      expect(report.tests[0]!.failure?.mismatches ?? report.tests[0]!.failure).toBeUndefined();
      expect(report.tests[0]!.status).toBe('passed');
      expect(saved.created).toBe(false);
      // Everything the designer wrote is still there, byte for byte, before the new test.
      expect(saved.text.startsWith(original)).toBe(true);
    });

    it(`${name}: as a new file, it validates and passes`, () => {
      const { conversation } = converse(utterances, config);
      const { saved, diagnostics, report } = saveAndRun({ conversation, path: 'tests/try_it.test.yaml', testId: 'first_try' });
      expect(saved.created).toBe(true);
      expect(diagnostics).toEqual([]);
      expect(report.tests.map((t) => t.status)).toEqual(['passed']);
    });
  }

  it('writes expectations in the style of the example tests', () => {
    const { conversation, session } = converse(['I lost my card', 'yes', '4821', 'yes please']);
    const saved = conversationToTest({
      conversation,
      path: CARD_TESTS,
      existingText: files.get(CARD_TESTS)!,
      testId: 'happy_path',
      title: 'Frozen and replaced.',
      workspace: session.workspace()!,
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const added = saved.text.slice(files.get(CARD_TESTS)!.length);
    expect(added).toBe(
      [
        '',
        '  - id: happy_path',
        '    title: "Frozen and replaced."',
        '    context: { fraud_score: 0, authenticated: false }',
        '    turns:',
        '      - user: "I lost my card"',
        '        expect: { intent: report_lost_card, flow: card_lost, node: ask_consent, bot: ["I\'m sorry to hear that.", "To find the right card I\'ll need its last 4 digits."] }',
        '      - user: "yes"',
        '        expect: { node: ask_last4, bot: "What are the last 4 digits of the card?", slots: { card_consent: true } }',
        '      - user: "4821"',
        '        expect:',
        '          node: ask_replacement',
        '          bot: ["Done. Your card ending 4821 is frozen, so it can\'t be used", "Would you like me to order a replacement?"]',
        '          slots: { card_last4: "4821" }',
        '          actions: { cards.freeze: ok }',
        '      - user: "yes please"',
        '        expect: { bot: "I\'ve ordered your new card.", slots: { wants_replacement: true }, actions: { cards.reissue: ok }, end: resolved }',
        '',
      ].join('\n'),
    );
    expect(saved.range.start).toMatchObject({ line: saved.text.slice(0, saved.text.indexOf('  - id: happy_path')).split('\n').length, column: 3 });
  });

  it('undoes suite context the conversation did not have, and warns when it cannot', () => {
    // accounts.test.yaml sets `balance`, which has no default in agent.yaml.
    const { conversation } = converse(['what is my balance']);
    const suite = { flow: 'balance', context: { tier: 'standard', fraud_score: 0.05, authenticated: true, balance: 1234.56 } };
    const built = testCaseFromConversation(conversation, { id: 't', suite, contextDefaults: { tier: 'standard', fraud_score: 0, authenticated: false } });
    expect(built.test.context).toEqual({ fraud_score: 0, authenticated: false });
    expect(built.warnings).toEqual([expect.stringContaining('sets balance: 1234.56 for every test')]);
  });

  it('warns when the conversation ran on another date than tests do', () => {
    const { conversation } = converse(['hello'], { today: '2026-03-14' });
    expect(testCaseFromConversation(conversation, { id: 't' }).warnings).toEqual([expect.stringContaining('ran on 2026-03-14, but tests run on 2026-01-01')]);
  });

  it('can check whole replies or none', () => {
    const { conversation } = converse(['I lost my card']);
    const full = testCaseFromConversation(conversation, { id: 't', bot: 'full' }).test.turns[0]!.expect!;
    expect(full.bot).toEqual([conversation.turns[0]!.messages[0], conversation.turns[0]!.messages[1]]);
    expect(testCaseFromConversation(conversation, { id: 't', bot: 'none' }).test.turns[0]!.expect!.bot).toBeUndefined();
  });

  it('keeps comments, quoting and layout of a hand-written file, including CRLF and other indentation', () => {
    const handWritten = [
      '# Card tests, written by hand.',
      'kind: test',
      'version: 1',
      'id: cards_by_hand',
      'tests:',
      '    -   id: first      # odd spacing on purpose',
      '        turns:',
      "            - { user: 'I lost my card', expect: { intent: report_lost_card } }",
      '        # a note that belongs to the first test',
      '',
      '# a comment about the suite',
      'flow: card_lost',
      '',
    ].join('\r\n');
    const { conversation } = converse(['I lost my card']);
    const saved = conversationToTest({ conversation, path: 'tests/by_hand.test.yaml', existingText: handWritten, testId: 'second' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const insertAt = handWritten.indexOf('\r\n\r\n# a comment about the suite') + 2;
    expect(saved.text.slice(0, insertAt)).toBe(handWritten.slice(0, insertAt));
    const inserted = saved.text.slice(insertAt, saved.text.length - (handWritten.length - insertAt));
    expect(saved.text.slice(insertAt + inserted.length)).toBe(handWritten.slice(insertAt));
    expect(inserted).toMatch(/^\r\n {4}- {3}id: second\r\n {8}turns:\r\n {10}- user: "I lost my card"\r\n/);
    expect(inserted).not.toMatch(/[^\r]\n/);
    const data = parseYaml('x', saved.text).data as { tests: { id: string }[]; flow: string };
    expect(data.tests.map((t) => t.id)).toEqual(['first', 'second']);
    expect(data.flow).toBe('card_lost');
  });

  it('appends to a flow-style list', () => {
    const text = 'kind: test\nversion: 1\nid: flowy\ntests: [ { id: a, turns: [ { user: "hi" } ] } ]  # compact\n';
    const { conversation } = converse(['I lost my card']);
    const saved = conversationToTest({ conversation, path: 'tests/flowy.test.yaml', existingText: text, testId: 'b' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.text.endsWith(' ]  # compact\n')).toBe(true);
    const data = parseYaml('x', saved.text).data as { tests: { id: string; turns: unknown[] }[] };
    expect(data.tests.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('quotes hostile text so that it reads back exactly', () => {
    const text = files.get(CARD_TESTS)!;
    const hostile = 'it\'s "4821" # not a comment: {really} [no]\n\ttab \u2019curly\u2019 \\ back';
    const { conversation } = converse([hostile, 'true', '- no', 'null']);
    const saved = conversationToTest({ conversation, path: CARD_TESTS, existingText: text, testId: 'hostile' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const data = parseYaml('x', saved.text).data as { tests: { id: string; turns: { user: string }[] }[] };
    expect(data.tests.at(-1)!.turns.map((t) => t.user)).toEqual([hostile, 'true', '- no', 'null']);
  });

  it('refuses with a reason instead of writing something wrong', () => {
    const { conversation } = converse(['I lost my card']);
    const card = files.get(CARD_TESTS)!;
    const save = (overrides: Partial<SaveAsTestRequest>) => conversationToTest({ conversation, path: CARD_TESTS, existingText: card, testId: 'ok_id', ...overrides });
    expect(save({ testId: 'Bad Id' })).toMatchObject({ ok: false, reason: expect.stringContaining('lower-case letters') });
    expect(save({ testId: 'freezes_and_replaces_card' })).toMatchObject({ ok: false, reason: expect.stringContaining('already has a test called freezes_and_replaces_card') });
    expect(save({ path: 'tests/cards.yaml' })).toMatchObject({ ok: false, reason: expect.stringContaining('end in .test.yaml') });
    expect(save({ existingText: files.get('agent.yaml')! })).toMatchObject({ ok: false, reason: expect.stringContaining('is not a test file') });
    expect(save({ existingText: 'kind: test\ntests: [\n' })).toMatchObject({ ok: false, reason: expect.stringContaining('fix it before adding a test') });
    expect(conversationToTest({ conversation: converse([]).conversation, path: CARD_TESTS, existingText: card, testId: 'x' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('at least one turn'),
    });
    expect(checkTestId('a'.repeat(65))).toMatch(/at most 64/);
  });

  it('suggests the suite about the conversation\'s flow and an unused id', () => {
    const { conversation, session } = converse(['I lost my card']);
    expect(suggestTestTarget(conversation, session.workspace())).toEqual({ path: CARD_TESTS, testId: 'card_lost_tried' });
    const { conversation: other, session: s2 } = converse(['where is the nearest branch']);
    expect(suggestTestTarget(other, s2.workspace()).path).toMatch(/^tests\/.+\.test\.yaml$/);
  });

  it('gives new files a suite id that is not taken', () => {
    const { conversation, session } = converse(['I lost my card']);
    const saved = conversationToTest({ conversation, path: 'more/card_lost.test.yaml', testId: 'x', workspace: session.workspace()! });
    expect(saved).toMatchObject({ ok: true, suite: 'card_lost_2' });
  });
});

describe('checking the saved test before writing it', () => {
  it('passes on the text the conversation ran on', () => {
    const { conversation } = converse(['I lost my card', 'yes']);
    const saved = conversationToTest({ conversation, path: CARD_TESTS, existingText: files.get(CARD_TESTS)!, testId: 'checked' });
    if (!saved.ok) throw new Error(saved.reason);
    expect(verifySavedTest(files, saved)).toEqual({ status: 'passed' });
  });

  it('shows the failing turn when the flows have changed since', () => {
    const { conversation } = converse(['I lost my card', 'yes']);
    const saved = conversationToTest({ conversation, path: CARD_TESTS, existingText: files.get(CARD_TESTS)!, testId: 'checked' });
    if (!saved.ok) throw new Error(saved.reason);
    const edited = withFiles(files, {
      'flows/card_lost.flow.yaml': files.get('flows/card_lost.flow.yaml')!.replace('What are the last 4 digits of the card?', 'Which digits?'),
    });
    const check = verifySavedTest(edited, saved);
    expect(check.status).toBe('failed');
    if (check.status !== 'failed') return;
    expect(check.result.failure?.turn).toBe(2);
    expect(check.result.failure?.mismatches[0]?.field).toBe('bot');
  });

  it('reports problems in the new text itself', () => {
    const { conversation } = converse(['I lost my card']);
    const saved = conversationToTest({ conversation, path: 'tests/card_lost_again.test.yaml', testId: 'renamed' });
    if (!saved.ok) throw new Error(saved.reason);
    // The node the test expects has been renamed since the conversation.
    const renamed = withFiles(files, { 'flows/card_lost.flow.yaml': files.get('flows/card_lost.flow.yaml')!.replaceAll('ask_consent', 'ask_permission') });
    const check = verifySavedTest(renamed, saved);
    expect(check.status).toBe('invalid');
    if (check.status !== 'invalid') return;
    expect(check.problems).toEqual([expect.stringMatching(/^line \d+: the test expects node `ask_consent`.*\(CQ207\)$/)]);
  });
});

describe('key phrases', () => {
  it('takes the first sentence, or two when the first is very short', () => {
    expect(keyPhrase("I'm sorry to hear that. Let's freeze the card now.")).toBe("I'm sorry to hear that.");
    expect(keyPhrase('Done. Your card ending 4821 is frozen.')).toBe('Done. Your card ending 4821 is frozen.');
  });

  it('cuts long sentences at a word boundary', () => {
    const phrase = keyPhrase('This is a very long sentence without any full stop that goes on and on and on for quite a while');
    expect(phrase.length).toBeLessThanOrEqual(60);
    expect(phrase.endsWith(' ')).toBe(false);
    expect('This is a very long sentence without any full stop that goes on and on'.startsWith(phrase)).toBe(true);
  });

  it('collapses whitespace, which the comparison ignores anyway', () => {
    expect(keyPhrase('  Hello\n\n  there,   friend  ')).toBe('Hello there, friend');
  });
});
