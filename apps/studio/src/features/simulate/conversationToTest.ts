/**
 * "Save as test": a Try-it conversation becomes a scripted test case
 * (docs/reference/tests.md), added to a `tests/*.test.yaml` file or written as
 * a new one, so that what the designer just saw working keeps working.
 *
 * What a turn expects is what the turn did, written the way people write tests:
 * the recognised intent; where the conversation is (`flow` when it changes or
 * the suite's flow would not find the node, `node` while a question waits);
 * slots that changed; the actions that ran with their outcomes; handoff and
 * end; and a key phrase of each reply (`bot`), so that rewording the rest of a
 * message does not break the test. The conversation's settings become the
 * test's `context` and `actions`.
 *
 * The new test is spliced into the file's text after the last test instead of
 * re-serialising the document, so every other byte (comments, quoting, flow
 * maps, line lengths) stays as the designer wrote it. (A `yaml` Document
 * round trip rewrites lines the designer never touched: it reflows long flow
 * maps and re-quotes scalars; see README.md.) The result is parsed again and
 * must read back as the old data plus the new test, or nothing is written.
 *
 * Pure and deterministic; `verifySavedTest` then runs the new test with the
 * simulator so the dialog can say whether it passes on the current text.
 */
import { parseYaml, type Range, type TestCase, type TestTurn, type TurnExpectation, type Workspace } from '@colloquy/core';
import { DEFAULT_TODAY, type ContextValue, type TurnResult } from '@colloquy/engine';
import { lexicalNlu, type SlotValue } from '@colloquy/nlu';
import { runTests, type TestCaseResult } from '@colloquy/simulator';
import type { TryItConfig } from './tryItSession.ts';
import { createIncrementalValidation, rangeAtLineColumn, type IncrementalValidation, type WorkspaceFiles } from './workspaceSource.ts';
import { flowMap, flowSeq, key, quoted, scalar, scalarMap } from './yamlText.ts';

/** What a test is made from: the settings and each turn's engine result (a `TryItConversation` is one). */
export interface TestRecording {
  readonly config: TryItConfig;
  readonly turns: readonly { readonly result: TurnResult }[];
}

/** How replies are checked: a key phrase of each message (default), the whole text, or not at all. */
export type BotCheck = 'phrase' | 'full' | 'none';

/** The suite a test joins decides what each turn must spell out (its `flow`) and what context it inherits. */
export interface SuiteDefaults {
  readonly flow?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface TestCaseOptions {
  readonly id: string;
  readonly title?: string;
  readonly bot?: BotCheck;
  readonly suite?: SuiteDefaults;
  /** agent.yaml's context defaults: how a test undoes a suite value the conversation did not have. */
  readonly contextDefaults?: Readonly<Record<string, ContextValue>>;
}

export interface BuiltTestCase {
  readonly test: TestCase;
  /** Things the test file cannot say, which may make the test behave differently from the conversation. */
  readonly warnings: readonly string[];
}

/** The longest key phrase taken from a message (a whole first sentence if shorter). */
const PHRASE_MAX = 60;
/** A first sentence shorter than this ("Sorry.") takes the next one too. */
const PHRASE_MIN = 20;
/** The tests format's limit on turns per test (`testSchema`). */
const MAX_TURNS = 200;
/** An `expect:` line longer than this is written as a block, one field per line (the example tests go up to about 170). */
const FLOW_LINE_MAX = 170;

/** The test case for a conversation, as data. */
export function testCaseFromConversation(recording: TestRecording, options: TestCaseOptions): BuiltTestCase {
  const warnings: string[] = [];
  const bot = options.bot ?? 'phrase';
  const suiteFlow = options.suite?.flow;
  const turns: TestTurn[] = [];
  let previous: TurnResult | undefined;
  for (const { result } of recording.turns) {
    const expect = expectationFor(result, previous, suiteFlow, bot);
    turns.push({ user: result.utterance, ...(expect ? { expect } : {}) });
    previous = result;
  }

  const context = testContext(recording.config.context, options.suite?.context ?? {}, options.contextDefaults ?? {}, warnings);
  if (recording.config.today !== DEFAULT_TODAY) {
    warnings.push(
      `The conversation ran on ${recording.config.today}, but tests run on ${DEFAULT_TODAY} (\`colloquy test --today\` changes that), so replies that depend on the date may differ.`,
    );
  }
  const test: TestCase = {
    id: options.id,
    ...(options.title ? { title: options.title } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(Object.keys(recording.config.actions).length > 0 ? { actions: { ...recording.config.actions } } : {}),
    turns: turns as [TestTurn, ...TestTurn[]],
  };
  return { test, warnings };
}

function expectationFor(result: TurnResult, previous: TurnResult | undefined, suiteFlow: string | undefined, bot: BotCheck): TurnExpectation | undefined {
  const expect: TurnExpectation = {};
  const waiting = result.status === 'waiting';
  const slots = changedSlots(result, previous);
  const hasSlots = Object.keys(slots).length > 0;
  if (result.intent !== undefined) expect.intent = result.intent;
  if (result.fallback) expect.fallback = true;
  if (result.flow !== undefined) {
    const flowChanged = previous === undefined || previous.flow !== result.flow;
    // Validation looks a turn's node and slots up in `expect.flow`, else the suite's flow (CQ207, CQ211).
    const needed = (waiting || hasSlots) && result.flow !== suiteFlow;
    if (flowChanged || needed) expect.flow = result.flow;
  }
  if (waiting && result.node !== undefined) expect.node = result.node;
  const phrases = bot === 'none' ? [] : result.messages.map((m) => (bot === 'full' ? collapseSpace(m) : keyPhrase(m))).filter((p) => p !== '');
  if (phrases.length === 1) expect.bot = phrases[0]!;
  else if (phrases.length > 1) expect.bot = phrases as [string, ...string[]];
  if (hasSlots) expect.slots = slots;
  if (result.actions.length > 0) {
    const actions: Record<string, string> = {};
    for (const { action, outcome } of result.actions) actions[action] = outcome;
    expect.actions = actions;
  }
  if (result.handoff) expect.handoff = result.handoff.queue;
  if (result.end !== undefined) expect.end = result.end;
  return Object.keys(expect).length > 0 ? expect : undefined;
}

/** Slots whose value is new this turn: all of them when the conversation moved to another flow. */
function changedSlots(result: TurnResult, previous: TurnResult | undefined): Record<string, SlotValue> {
  const before = previous && previous.flow === result.flow ? previous.slots : {};
  const out: Record<string, SlotValue> = {};
  for (const [name, value] of Object.entries(result.slots)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    if (Object.hasOwn(before, name) && before[name] === value) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The test's context: what the designer set, minus what the suite already
 * gives. A suite value the conversation did not have is set back to the
 * agent.yaml default; without a default it cannot be undone, which is a warning.
 */
function testContext(
  used: Readonly<Record<string, ContextValue>>,
  suite: Readonly<Record<string, ContextValue>>,
  defaults: Readonly<Record<string, ContextValue>>,
  warnings: string[],
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const [name, value] of Object.entries(used)) {
    if (!Object.hasOwn(suite, name) || suite[name] !== value) context[name] = value;
  }
  for (const [name, value] of Object.entries(suite)) {
    if (Object.hasOwn(used, name)) continue;
    if (Object.hasOwn(defaults, name)) {
      if (defaults[name] !== value) context[name] = defaults[name]!;
    } else {
      warnings.push(`The test file sets ${name}: ${String(value)} for every test, which this conversation did not have; the saved test runs with it.`);
    }
  }
  return context;
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The words of a message worth checking: its first sentence (two if the first
 * is very short), cut at a word boundary to at most 60 characters. Always a
 * part of the message, so `bot` finds it however the rest is worded.
 */
export function keyPhrase(message: string): string {
  const text = collapseSpace(message);
  let end = 0;
  const sentence = /[.!?](?=\s|$)/g;
  let match: RegExpExecArray | null;
  while ((match = sentence.exec(text)) !== null) {
    end = match.index + 1;
    if (end >= PHRASE_MIN) break;
  }
  let phrase = end > 0 ? text.slice(0, end) : text;
  if (phrase.length > PHRASE_MAX) {
    const cut = phrase.lastIndexOf(' ', PHRASE_MAX);
    phrase = phrase.slice(0, cut > PHRASE_MIN ? cut : PHRASE_MAX);
  }
  return phrase.trim();
}

// ---------------------------------------------------------------------------
// Rendering and splicing

/** What `conversationToTest` needs to write the test. */
export interface SaveAsTestRequest {
  readonly conversation: TestRecording;
  /** Where the test goes, e.g. `tests/card_lost.test.yaml`. */
  readonly path: string;
  /** The file's current text; absent for a new file. */
  readonly existingText?: string;
  readonly testId: string;
  readonly title?: string;
  readonly bot?: BotCheck;
  /** The workspace the conversation ran on: agent.yaml's context defaults, and suite ids a new file must not reuse. */
  readonly workspace?: Workspace;
}

export type SaveAsTestResult =
  | {
      readonly ok: true;
      readonly path: string;
      /** The file's new text: the old text with the test added, or a whole new file. */
      readonly text: string;
      readonly created: boolean;
      /** The suite's id (the file's `id`), so `suite/test` names the new test in reports. */
      readonly suite: string;
      readonly test: TestCase;
      /** Where the new test starts in `text` (its `- id:` line), for revealing it. */
      readonly range: Range;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
const ID_MAX = 64;

/** Turns a conversation into a test in `path`: appended to `existingText`, or a new file. */
export function conversationToTest(request: SaveAsTestRequest): SaveAsTestResult {
  const { conversation, path, testId } = request;
  if (!/\.test\.ya?ml$/i.test(path)) return refuse(`Test files end in .test.yaml (for example tests/card_lost.test.yaml); ${path} does not.`);
  const idProblem = checkTestId(testId);
  if (idProblem) return refuse(idProblem);
  if (conversation.turns.length === 0) return refuse('Say something to the assistant first: a test needs at least one turn.');
  if (conversation.turns.length > MAX_TURNS) return refuse(`A test has at most ${MAX_TURNS} turns; this conversation has ${conversation.turns.length}.`);
  const contextDefaults = agentContextDefaults(request.workspace);
  const options = { id: testId, ...(request.title ? { title: request.title } : {}), ...(request.bot ? { bot: request.bot } : {}), contextDefaults };

  if (request.existingText === undefined) {
    const flow = conversation.turns.map((t) => t.result.flow).find((f) => f !== undefined);
    const suite = newSuiteId(path, request.workspace);
    const built = testCaseFromConversation(conversation, { ...options, ...(flow ? { suite: { flow } } : {}) });
    const head = ['kind: test', 'version: 1', `id: ${suite}`, ...(flow ? [`flow: ${flow}`] : []), 'tests:'];
    const text = `${head.join('\n')}\n${renderBlockTest(built.test, 2, 2, '\n')}\n`;
    const check = readsBackAs(path, text, (data) => data['id'] === suite && sameData(data['tests'], [built.test]));
    if (check) return refuse(check);
    return { ok: true, path, text, created: true, suite, test: built.test, range: rangeAtLineColumn(text, head.length + 1, 3), warnings: built.warnings };
  }

  const parsed = parseYaml(path, request.existingText);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error) return refuse(`${path} has a problem at line ${error.range.start.line} (${error.message}); fix it before adding a test.`);
  const data = parsed.data;
  if (!isRecord(data) || data['kind'] !== 'test') return refuse(`${path} is not a test file (it needs \`kind: test\`).`);
  const tests = data['tests'];
  if (!Array.isArray(tests)) return refuse(`${path} has no \`tests:\` list to add the test to.`);
  if (tests.some((t) => isRecord(t) && t['id'] === testId)) return refuse(`${path} already has a test called ${testId}; pick another id.`);
  const suite = typeof data['id'] === 'string' ? data['id'] : '';
  const suiteDefaults: SuiteDefaults = {
    ...(typeof data['flow'] === 'string' ? { flow: data['flow'] } : {}),
    ...(isRecord(data['context']) ? { context: data['context'] as Record<string, ContextValue> } : {}),
  };
  const built = testCaseFromConversation(conversation, { ...options, suite: suiteDefaults });
  const spliced = spliceTest(request.existingText, parsed.source!, tests.length, built.test);
  if (!spliced.ok) return refuse(`${path}: ${spliced.reason}`);
  const check = readsBackAs(path, spliced.text, (after) => sameData(after, { ...data, tests: [...tests, built.test] }));
  if (check) return refuse(check);
  const at = positionOf(spliced.text, spliced.testOffset);
  return { ok: true, path, text: spliced.text, created: false, suite, test: built.test, range: rangeAtLineColumn(spliced.text, at.line, at.column), warnings: built.warnings };
}

/** Why an id cannot name a test (the schema's pattern), or undefined. Uniqueness is checked against the file. */
export function checkTestId(id: string): string | undefined {
  if (id === '') return 'Give the test an id.';
  if (id.length > ID_MAX) return `A test id has at most ${ID_MAX} characters.`;
  if (!ID_PATTERN.test(id)) return 'A test id uses lower-case letters, digits and underscores, starting with a letter (for example lost_card_frozen).';
  return undefined;
}

/**
 * Where a conversation's test would naturally go: the test file whose suite is
 * about the first flow the conversation entered, else `tests/<flow>.test.yaml`;
 * and an id not yet used in that file.
 */
export function suggestTestTarget(recording: TestRecording, workspace?: Workspace): { readonly path: string; readonly testId: string } {
  const flow = recording.turns.map((t) => t.result.flow).find((f) => f !== undefined);
  const path = (flow ? workspace?.tests.find((t) => t.data.flow === flow)?.path : undefined) ?? `tests/${flow ?? 'conversations'}.test.yaml`;
  const used = new Set((workspace?.tests.find((t) => t.path === path)?.data.tests ?? []).map((t) => t.id));
  const base = `${(flow ?? 'conversation').slice(0, ID_MAX - 12)}_tried`;
  let testId = base;
  for (let n = 2; used.has(testId); n++) testId = `${base}_${n}`;
  return { path, testId };
}

function refuse(reason: string): SaveAsTestResult {
  return { ok: false, reason };
}

function agentContextDefaults(workspace: Workspace | undefined): Record<string, ContextValue> {
  const defaults: Record<string, ContextValue> = {};
  for (const [name, variable] of Object.entries(workspace?.agent?.data.context ?? {})) {
    if (variable.default !== undefined && variable.default !== null) defaults[name] = variable.default as ContextValue;
  }
  return defaults;
}

/** A suite id from the file name (`tests/card_lost.test.yaml` → `card_lost`), unique among the workspace's suites. */
function newSuiteId(path: string, workspace: Workspace | undefined): string {
  const name = path.split('/').pop()!.replace(/\.test\.ya?ml$/i, '');
  let base = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(base)) base = `tests_${base}`.replace(/_+$/, '');
  base = base.slice(0, ID_MAX - 4);
  const used = new Set((workspace?.tests ?? []).map((t) => t.data.id));
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
  return id;
}

/** The test as a block sequence item: `- id:` at `dashIndent`, its fields `offset` columns further in. */
function renderBlockTest(test: TestCase, dashIndent: number, offset: number, eol: string): string {
  const field = ' '.repeat(dashIndent + offset);
  const turnDash = ' '.repeat(dashIndent + offset + 2);
  const turnField = ' '.repeat(dashIndent + offset + 4);
  const lines = [`${' '.repeat(dashIndent)}-${' '.repeat(offset - 1)}id: ${test.id}`];
  if (test.title) lines.push(`${field}title: ${quoted(test.title)}`);
  if (test.context) lines.push(`${field}context: ${scalarMap(test.context)}`);
  if (test.actions) lines.push(`${field}actions: ${scalarMap(test.actions)}`);
  lines.push(`${field}turns:`);
  for (const turn of test.turns) {
    lines.push(`${turnDash}- user: ${quoted(turn.user)}`);
    if (!turn.expect) continue;
    const entries = expectationEntries(turn.expect);
    const oneLine = `${turnField}expect: ${flowMap(entries)}`;
    if (oneLine.length <= FLOW_LINE_MAX) lines.push(oneLine);
    else {
      lines.push(`${turnField}expect:`);
      for (const [name, value] of entries) lines.push(`${turnField}  ${key(name)}: ${value}`);
    }
  }
  return lines.join(eol);
}

/** The test as one flow map, for files that write `tests: [ ... ]`. */
function renderFlowTest(test: TestCase): string {
  const entries: [string, string][] = [['id', scalar(test.id)]];
  if (test.title) entries.push(['title', quoted(test.title)]);
  if (test.context) entries.push(['context', scalarMap(test.context)]);
  if (test.actions) entries.push(['actions', scalarMap(test.actions)]);
  const turns = test.turns.map((turn) =>
    flowMap([['user', quoted(turn.user)], ...(turn.expect ? [['expect', flowMap(expectationEntries(turn.expect))] as const] : [])]),
  );
  entries.push(['turns', flowSeq(turns)]);
  return flowMap(entries);
}

/** An expectation's fields in the report's order (`EXPECTATION_FIELDS`), rendered. */
function expectationEntries(expect: TurnExpectation): [string, string][] {
  const entries: [string, string][] = [];
  const texts = (value: string | readonly string[]) => (typeof value === 'string' ? quoted(value) : flowSeq(value.map(quoted)));
  if (expect.intent !== undefined) entries.push(['intent', scalar(expect.intent)]);
  if (expect.fallback !== undefined) entries.push(['fallback', scalar(expect.fallback)]);
  if (expect.flow !== undefined) entries.push(['flow', scalar(expect.flow)]);
  if (expect.node !== undefined) entries.push(['node', scalar(expect.node)]);
  if (expect.bot !== undefined) entries.push(['bot', texts(expect.bot)]);
  if (expect.not_bot !== undefined) entries.push(['not_bot', texts(expect.not_bot)]);
  if (expect.slots !== undefined) entries.push(['slots', slotMap(expect.slots)]);
  if (expect.actions !== undefined) entries.push(['actions', scalarMap(expect.actions)]);
  if (expect.handoff !== undefined) entries.push(['handoff', scalar(expect.handoff)]);
  if (expect.end !== undefined) entries.push(['end', scalar(expect.end)]);
  return entries;
}

/** Slot values: text is always quoted (`card_last4: "4821"`, `tier: "gold"`), so it never reads back as a number or boolean. */
function slotMap(slots: Readonly<Record<string, string | number | boolean>>): string {
  return flowMap(Object.entries(slots).map(([name, value]) => [name, typeof value === 'string' ? quoted(value) : scalar(value)] as const));
}

type Splice = { readonly ok: true; readonly text: string; readonly testOffset: number } | { readonly ok: false; readonly reason: string };

interface Located {
  rangeOf(path: readonly (string | number)[]): Range;
}

/** Inserts the test after the file's last test, matching the list's indentation (block) or syntax (flow). */
function spliceTest(text: string, source: Located, count: number, test: TestCase): Splice {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const list = source.rangeOf(['tests']);
  if (text[list.start.offset] === '[') {
    // `tests: [ {...}, {...} ]`: add `, {...}` after the last item (or the first item after `[`).
    const after = count > 0 ? source.rangeOf(['tests', count - 1]).end.offset : list.start.offset + 1;
    const rendered = renderFlowTest(test);
    const insert = count > 0 ? `, ${rendered}` : rendered;
    return { ok: true, text: text.slice(0, after) + insert + text.slice(after), testOffset: after + (count > 0 ? 2 : 0) };
  }
  if (count === 0) return { ok: false, reason: 'its `tests:` list is empty; add the test by hand' };
  const first = source.rangeOf(['tests', 0]).start.offset;
  let dash = first - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  if (text[dash] !== '-') return { ok: false, reason: 'its `tests:` list is not written as `- id: ...` items' };
  const lineStart = text.lastIndexOf('\n', dash) + 1;
  const dashIndent = dash - lineStart;
  const offset = first - dash;

  // After the line where the last test ends, and after comments indented under it (they belong to it).
  const lastEnd = source.rangeOf(['tests', count - 1]).end.offset;
  let insertAt = endOfLine(text, Math.max(lastEnd - 1, 0));
  let scan = insertAt;
  while (scan < text.length) {
    const next = endOfLine(text, scan);
    const line = text.slice(scan, next).replace(/\r?\n$/, '');
    const trimmed = line.trimStart();
    if (trimmed === '') {
      scan = next;
      continue;
    }
    if (trimmed.startsWith('#') && line.length - trimmed.length > dashIndent) {
      insertAt = next;
      scan = next;
      continue;
    }
    break;
  }
  const before = text.slice(0, insertAt);
  const needsNewline = before !== '' && !before.endsWith('\n');
  const blankLine = before.endsWith(`${eol}${eol}`) || before.endsWith('\n\n') ? '' : eol;
  const lead = (needsNewline ? eol : '') + blankLine;
  const rendered = renderBlockTest(test, dashIndent, offset, eol) + eol;
  return { ok: true, text: before + lead + rendered + text.slice(insertAt), testOffset: insertAt + lead.length + dashIndent };
}

/** The offset just past the line break of the line holding `offset` (or the end of the text). */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses the new text; undefined when it reads back as expected, else why not (a bug: nothing is written). */
function readsBackAs(path: string, text: string, expected: (data: Record<string, unknown>) => boolean): string | undefined {
  const parsed = parseYaml(path, text);
  const ok = !parsed.diagnostics.some((d) => d.severity === 'error') && isRecord(parsed.data) && expected(parsed.data);
  return ok ? undefined : `The test could not be added to ${path} safely, so nothing was changed. Please report this with the file.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of parsed YAML data (key order ignored). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------
// Checking the saved test

export type SavedTestCheck =
  | { readonly status: 'passed' }
  | { readonly status: 'failed' | 'error'; readonly result: TestCaseResult }
  /** The new text has problems of its own (diagnostics in the test file). */
  | { readonly status: 'invalid'; readonly problems: readonly string[] }
  /** The rest of the workspace has errors, so tests cannot run (as `colloquy test`). */
  | { readonly status: 'not-run'; readonly reason: string };

/**
 * Validates the workspace with the new test file and runs just that test, as
 * `colloquy test` would: what the dialog shows before the designer saves.
 */
export function verifySavedTest(files: WorkspaceFiles, saved: { readonly path: string; readonly text: string; readonly suite: string; readonly test: { readonly id: string } }, validation: IncrementalValidation = createIncrementalValidation()): SavedTestCheck {
  const next = new Map(files);
  next.set(saved.path, saved.text);
  const { workspace, diagnostics } = validation.validate(next);
  const own = diagnostics.filter((d) => d.file === saved.path);
  if (own.length > 0) return { status: 'invalid', problems: own.map((d) => `line ${d.range.start.line}: ${d.message} (${d.code})`) };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { status: 'not-run', reason: `The workspace has ${errors.length} error${errors.length === 1 ? '' : 's'} elsewhere, so tests cannot run until ${errors.length === 1 ? 'it is' : 'they are'} fixed.` };
  const report = runTests(workspace, {
    nlu: lexicalNlu(workspace),
    filter: (suite, test) => suite === saved.suite && test === saved.test.id,
  });
  const result = report.tests.find((t) => t.test === saved.test.id);
  if (!result) return { status: 'not-run', reason: 'The test did not run (is the suite id unique among the test files?).' };
  return result.status === 'passed' ? { status: 'passed' } : { status: result.status, result };
}
