/**
 * fast-check arbitraries for random edit sequences on a small workspace. Names
 * come from tiny pools so that files collide all the time: two flows with one
 * id or intent, shared training examples, decisions naming a table that is
 * missing or broken, tests naming nodes that come and go, a second agent
 * file, broken YAML and schema errors that claim an id. Every cross-file
 * check then has something to say, and edits keep changing what it says.
 */
import fc from 'fast-check';

/**
 * `write` puts a whole new file at a path; `tweak` changes one field of the
 * file the path holds (its id, one reference, one message...), which is how
 * files are really edited and what makes changes that only some checks can
 * see (a renamed node under an unchanged flow id) likely.
 */
export type EditStep =
  | { readonly type: 'write'; readonly file: FileSpec }
  | { readonly type: 'tweak'; readonly file: FileSpec; readonly field: string }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'validate' };

/** A file as the fields it is generated from; `render` turns it into text. */
export interface FileSpec {
  readonly path: string;
  readonly kind: 'agent' | 'flow' | 'rules' | 'test' | 'policy';
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Applies an edit to the file at its path (`before`, if that path holds one) and returns the new version. */
export function applyEdit(before: FileSpec | undefined, step: Extract<EditStep, { type: 'write' | 'tweak' }>): FileSpec {
  if (step.type === 'write' || !before || before.kind !== step.file.kind) return step.file;
  return { ...before, fields: { ...before.fields, [step.field]: step.file.fields[step.field] } };
}

export function render(file: FileSpec): string {
  return RENDER[file.kind](file.fields as never);
}

const AGENT_PATHS = ['agent.yaml', 'other/agent.yaml'];
const FLOW_PATHS = ['flows/a.flow.yaml', 'flows/b.flow.yaml', 'flows/c.flow.yaml'];
const RULES_PATHS = ['rules/x.rules.yaml', 'rules/y.rules.yaml'];
const TEST_PATHS = ['tests/a.test.yaml', 'tests/b.test.yaml'];
const POLICY_PATHS = ['policies/p.policy.yaml', 'policies/q.policy.yaml'];

/** Mostly well-formed; sometimes a YAML error (claims nothing) or a schema error (claims its kind and id). */
const breakage = fc.constantFrom<'none' | 'yaml' | 'schema'>('none', 'none', 'none', 'none', 'none', 'yaml', 'schema');

const agentFields = fc.record({
  broken: breakage,
  maxFailures: fc.integer({ min: 1, max: 3 }),
  cardsQueue: fc.boolean(),
  actions: fc.subarray(['  cards.freeze: { outcomes: [ok, failed], default: ok }', '  cases.log: { outcomes: [ok], default: ok }']),
  tier: fc.boolean(),
  topics: fc.boolean(),
});

function renderAgent({ broken, maxFailures, cardsQueue, actions, tier, topics }: Fields<typeof agentFields>): string {
  if (broken === 'yaml') return 'kind: agent\nversion: 1\nname: [unclosed\n';
  if (broken === 'schema') return 'kind: agent\nversion: 1\nname: Bank\n';
  const content = [
    'kind: agent',
    'version: 1',
    'name: Bank',
    'language: en',
    'nlu: { recognizer: lexical, threshold: 0.5 }',
    'fallback:',
    '  say: "Sorry."',
    `  max_failures: ${maxFailures}`,
    '  handoff: { queue: general }',
    'queues:',
    '  general: { title: General }',
    ...(cardsQueue ? ['  cards: { title: Cards }'] : []),
    ...(actions.length > 0 ? ['actions:', ...actions] : []),
    ...(tier ? ['context:', '  tier: { type: string }'] : []),
    ...(topics ? ['topics:', '  complaint: { description: Complaints }'] : []),
  ];
  return `${content.join('\n')}\n`;
}

const EXAMPLES = ['I lost my card', 'i lost my card!', 'my card was stolen', 'freeze it', 'hello'];

const flowFields = fc.record({
  broken: breakage,
  id: fc.constantFrom('f1', 'f2'),
  intents: fc.uniqueArray(fc.constantFrom('i1', 'i2', 'i3'), { maxLength: 2 }),
  examples: fc.subarray(EXAMPLES, { minLength: 1, maxLength: 3 }),
  topic: fc.constantFrom(undefined, 'complaint', 'sorrow'),
  pii: fc.boolean(),
  tierSlot: fc.boolean(),
  ask: fc.constantFrom('Which card?', 'Which card, {tier}?', 'Card {card}?', 'Hi {nope}', 'Now {action}?'),
  fill: fc.constantFrom('card', 'ok', 'missing'),
  decide: fc.constantFrom('r1', 'r2', 'r9'),
  routes: fc.constantFrom('{ freeze: act, escalate: out }', '{ freeze: act }', '{ freeze: act, unheard: out }'),
  actNode: fc.constantFrom('act', 'act2'),
  action: fc.constantFrom('cards.freeze', 'cards.block', 'cases.log'),
  done: fc.constantFrom('Done.', 'Done: {decision}.', 'Bye {tier}.'),
  queue: fc.constantFrom('general', 'cards', 'nowhere'),
});

function renderFlow(f: Fields<typeof flowFields>): string {
  if (f.broken === 'yaml') return `kind: flow\nversion: 1\nid: ${f.id}\nnodes: [unclosed\n`;
  if (f.broken === 'schema') return `kind: flow\nversion: 1\nid: ${f.id}\ntitle: Broken\nstart: ask\n`;
  const intents = f.intents.flatMap((intent) => [
    `  ${intent}:`,
    `    examples: [${f.examples.map((e) => JSON.stringify(e)).join(', ')}]`,
    ...(f.topic ? [`    topics: [${f.topic}]`] : []),
  ]);
  const content = [
    'kind: flow',
    'version: 1',
    `id: ${f.id}`,
    `title: Flow ${f.id}`,
    ...(intents.length > 0 ? ['intents:', ...intents] : []),
    'slots:',
    `  card: { type: digits, length: 4, pii: ${f.pii} }`,
    '  ok: { type: boolean }',
    ...(f.tierSlot ? ['  tier: { type: text }'] : []),
    'start: ask',
    'nodes:',
    '  ask:',
    `    ask: ${JSON.stringify(f.ask)}`,
    `    fill: ${f.fill}`,
    '    next: decide',
    '  decide:',
    `    decide: ${f.decide}`,
    `    routes: ${f.routes}`,
    `  ${f.actNode}:`,
    `    action: ${f.action}`,
    '    routes: { ok: done, failed: out }',
    '  done:',
    `    say: ${JSON.stringify(f.done)}`,
    '    end: resolved',
    '  out:',
    `    handoff: { queue: ${f.queue} }`,
  ];
  return `${content.join('\n')}\n`;
}

const rulesFields = fc.record({
  broken: breakage,
  id: fc.constantFrom('r1', 'r2'),
  input: fc.constantFrom('tier', 'card', 'score'),
  output: fc.constantFrom('action', 'decision'),
  values: fc.constantFrom('[freeze, escalate]', '[freeze]'),
});

function renderRules(r: Fields<typeof rulesFields>): string {
  if (r.broken === 'yaml') return `kind: rules\nversion: 1\nid: ${r.id}\ninputs: [unclosed\n`;
  if (r.broken === 'schema') return `kind: rules\nversion: 1\nid: ${r.id}\nhit_policy: first\n`;
  const content = [
    'kind: rules',
    'version: 1',
    `id: ${r.id}`,
    'hit_policy: first',
    'inputs:',
    `  - { name: ${r.input}, type: string }`,
    'outputs:',
    `  - { name: ${r.output}, type: string, values: ${r.values} }`,
    'rules:',
    `  - then: { ${r.output}: freeze }`,
  ];
  return `${content.join('\n')}\n`;
}

const testFields = fc.record({
  broken: breakage,
  id: fc.constantFrom('t1', 't2'),
  flow: fc.constantFrom(undefined, 'f1', 'f2', 'f9'),
  context: fc.constantFrom(undefined, 'tier', 'nope'),
  actions: fc.constantFrom(undefined, 'cards.freeze: ok', 'cards.freeze: lost', 'cards.block: ok'),
  intent: fc.constantFrom(undefined, 'i1', 'i2', 'i9'),
  expectFlow: fc.constantFrom(undefined, undefined, 'f1', 'f9'),
  node: fc.constantFrom(undefined, 'act', 'act2', 'act2', 'nope'),
  slot: fc.constantFrom(undefined, 'card', 'tier', 'tier', 'zz'),
  handoff: fc.constantFrom(undefined, 'general', 'cards', 'nowhere'),
});

function renderTest(t: Fields<typeof testFields>): string {
  if (t.broken === 'yaml') return `kind: test\nversion: 1\nid: ${t.id}\ntests: [unclosed\n`;
  if (t.broken === 'schema') return `kind: test\nversion: 1\nid: ${t.id}\n`;
  const expectations = [
    t.intent && `intent: ${t.intent}`,
    t.expectFlow && `flow: ${t.expectFlow}`,
    t.node && `node: ${t.node}`,
    t.slot && `slots: { ${t.slot}: "1234" }`,
    t.handoff && `handoff: ${t.handoff}`,
  ].filter(Boolean);
  const content = [
    'kind: test',
    'version: 1',
    `id: ${t.id}`,
    ...(t.flow ? [`flow: ${t.flow}`] : []),
    ...(t.context ? [`context: { ${t.context}: gold }`] : []),
    'tests:',
    '  - id: one',
    ...(t.actions ? [`    actions: { ${t.actions} }`] : []),
    '    turns:',
    '      - user: "I lost my card"',
    ...(expectations.length > 0 ? [`        expect: { ${expectations.join(', ')} }`] : []),
  ];
  return `${content.join('\n')}\n`;
}

const policyFields = fc.record({
  broken: breakage,
  id: fc.constantFrom('p1', 'p2'),
  check: fc.constantFrom('{ type: topic_handoff, topics: [complaint] }', '{ type: topic_handoff, topics: [sorrow] }', '{ type: pii_consent }', '{ type: human_within_turns, max_turns: 2 }'),
});

function renderPolicy(p: Fields<typeof policyFields>): string {
  if (p.broken === 'yaml') return `kind: policy\nversion: 1\nid: ${p.id}\ncheck: [unclosed\n`;
  if (p.broken === 'schema') return `kind: policy\nversion: 1\nid: ${p.id}\n`;
  return `kind: policy\nversion: 1\nid: ${p.id}\ntitle: Policy ${p.id}\nseverity: warning\ncheck: ${p.check}\n`;
}

type Fields<A> = A extends fc.Arbitrary<infer T> ? T : never;

const RENDER: { readonly [K in FileSpec['kind']]: (fields: never) => string } = {
  agent: renderAgent,
  flow: renderFlow,
  rules: renderRules,
  test: renderTest,
  policy: renderPolicy,
};

type Kind = FileSpec['kind'];

const spec = <T extends Record<string, unknown>>(kind: Kind, paths: readonly string[], fields: fc.Arbitrary<T>): fc.Arbitrary<FileSpec> =>
  fc.record({ path: fc.constantFrom(...paths), fields }).map(({ path, fields }) => ({ path, kind, fields }));

const KINDS: Readonly<Record<Kind, { readonly paths: readonly string[]; readonly file: fc.Arbitrary<FileSpec>; readonly weight: number }>> = {
  agent: { paths: AGENT_PATHS, file: spec('agent', AGENT_PATHS, agentFields), weight: 2 },
  flow: { paths: FLOW_PATHS, file: spec('flow', FLOW_PATHS, flowFields), weight: 5 },
  rules: { paths: RULES_PATHS, file: spec('rules', RULES_PATHS, rulesFields), weight: 2 },
  test: { paths: TEST_PATHS, file: spec('test', TEST_PATHS, testFields), weight: 2 },
  policy: { paths: POLICY_PATHS, file: spec('policy', POLICY_PATHS, policyFields), weight: 1 },
};

const ALL_KINDS = Object.keys(KINDS) as Kind[];

/** One file of one of these kinds, at one of the paths its kind uses. */
export function fileOf(kinds: readonly Kind[] = ALL_KINDS): fc.Arbitrary<FileSpec> {
  return fc.oneof(...kinds.map((kind) => ({ arbitrary: KINDS[kind].file, weight: KINDS[kind].weight })));
}

export const anyFile = fileOf();

/** Paths used by these kinds. */
export function pathsOf(kinds: readonly Kind[] = ALL_KINDS): string[] {
  return kinds.flatMap((kind) => KINDS[kind].paths);
}

/** Fields that other files refer to or that decide what a file claims; tweaks pick these more often. */
const NAME_FIELDS = new Set(['id', 'intents', 'examples', 'actNode', 'tierSlot', 'decide', 'broken', 'flow', 'node', 'slot']);

const tweakOf = (kinds: readonly Kind[]) =>
  fileOf(kinds).chain((file) => {
    const fields = Object.keys(file.fields);
    const names = fields.filter((field) => NAME_FIELDS.has(field));
    const field = fc.oneof({ arbitrary: fc.constantFrom(...fields), weight: 1 }, { arbitrary: fc.constantFrom(...(names.length > 0 ? names : fields)), weight: 2 });
    return field.map((name): EditStep => ({ type: 'tweak', file, field: name }));
  });

/** One step of an edit session on files of these kinds. */
export function editStepOf(kinds: readonly Kind[] = ALL_KINDS): fc.Arbitrary<EditStep> {
  return fc.oneof(
    { arbitrary: fileOf(kinds).map((file): EditStep => ({ type: 'write', file })), weight: 2 },
    { arbitrary: tweakOf(kinds), weight: 5 },
    { arbitrary: fc.constantFrom(...pathsOf(kinds)).map((path): EditStep => ({ type: 'delete', path })), weight: 1 },
    { arbitrary: fc.constant<EditStep>({ type: 'validate' }), weight: 3 },
  );
}
