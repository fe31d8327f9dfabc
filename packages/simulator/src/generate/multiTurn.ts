/**
 * Multi-turn perturbations: a conversation that starts with an intent
 * example, answers the flow's questions like a cooperative customer, and at
 * one question does something else:
 * - `invalid`: answers with something the slot's type refuses ("482" for
 *   four digits, "maybe" for a yes/no, 15000 for an amount up to 10000);
 * - `correction`: takes the answer back in the same message ("4821, sorry,
 *   I mean 7390");
 * - `early`: gives the value in the first message ("I've lost my card, it's
 *   4821"), so the question must not be asked;
 * - `silent`: sends an empty message;
 * - `switch`: answers with another intent's example (changes the subject).
 *
 * What must happen follows the engine's rules (docs/reference/runtime.md)
 * and the question's own settings, as checks on numbered turns
 * (conversation.ts), judged on the real run:
 * - `invalid`, `silent` -> `reask`: that turn fills nothing, starts no
 *   other flow and ends waiting at the same question (the reprompt; no
 *   handoff), and a valid answer after it fills the slot. A question with `retries: 0` -> `on-fail`: the
 *   turn goes where `on_fail` says, or to the fallback handoff without one.
 * - `correction` -> `correction`: the slot never holds the value taken back,
 *   and ends up holding the corrected one: filled from the message itself, or,
 *   when the engine finds the message ambiguous and asks again, from the
 *   plain answer that follows. Only for questions with retries, and not for
 *   `text` slots, which keep the whole message by design, nor `number`
 *   slots, which take the first number of an answer by design (nlu.md): a
 *   correction the slot's type reads as the first value is not made.
 * - `early` -> `prefill`: the first message fills the slot and the question
 *   is never asked. Only for the types the engine pre-fills (digits, enum,
 *   pattern, date), and only for questions the plain example does reach.
 * - `switch` -> `digression`: the other intent is recognised and its flow
 *   starts; when the cooperative customer can finish that flow and it ends,
 *   the first flow's question is asked again. Not for `text` slots (any
 *   answer is a value) nor with an example the slot would read as a value.
 * Every multi-turn case also requires that the engine records no error.
 *
 * The script (the answers before the question, and after it where a check
 * needs them) comes from dry runs of the engine with a recognizer that
 * knows the examples exactly (ConversationExplorer.ts), so it follows the
 * workspace's real routing with the agent's context defaults. A question no
 * cooperative answers reach (say, one behind `authenticated: true` when the
 * default is false) gets no case. Cases are made per intent, cycling through
 * the kinds its flow's questions allow; `perIntent` is the count per intent.
 */
import { extractSlot, prefillSlots } from '@colloquy/nlu';
import type { TurnResult } from '@colloquy/engine';
import type { ConversationCheck } from './conversation.ts';
import { ConversationExplorer, type AnswerChoices, type Question } from './ConversationExplorer.ts';
import { distinctCases, type CaseDraft, type GeneratedCase } from './generatedCase.ts';
import type { Random } from './random.ts';
import { CORRECTION_TEMPLATES, EARLY_TEMPLATES, EARLY_VALUE_MAX_WORDS, PREFILLED_TYPES, distinctValues, harvestAnswers, invalidAnswers, validAnswers, type HarvestedAnswers, type SpokenValue } from './slotAnswers.ts';
import { cycled, type GeneratorContext, type SourceIntent } from './sources.ts';
import { fill, withoutFinalStop } from './text.ts';

export const MULTI_TURN_KINDS = ['invalid', 'correction', 'early', 'silent', 'switch'] as const;
export type MultiTurnKind = (typeof MULTI_TURN_KINDS)[number];

/** How a customer takes back a yes or a no: the other templates read oddly with them ("make it no"). */
const BOOLEAN_CORRECTIONS = ['{x}, sorry, I mean {y}', '{x}. Actually, {y}'] as const;

export function multiTurnCases(context: GeneratorContext): GeneratedCase[] {
  if (context.intents.length === 0 || context.perIntent === 0) return [];
  let kit: MultiTurnKit;
  try {
    kit = new MultiTurnKit(context);
  } catch {
    // The engine cannot load this workspace: simulate reports that on every case already.
    return [];
  }
  return context.intents.flatMap((intent) => {
    const targets = kit.reachableQuestions(intent);
    const kinds = MULTI_TURN_KINDS.filter((kind) => targets.some((q) => kit.suits(kind, q, intent)));
    if (kinds.length === 0) return [];
    return distinctCases('multi_turn', intent.intent, context.seed, context.perIntent, (random, n) => {
      const kind = cycled(kinds, intent.intent, n);
      const question = random.pick(targets.filter((q) => kit.suits(kind, q, intent)));
      return kit.draft(kind, intent, question, random);
    });
  });
}

const waitsAt =
  (question: Question) =>
  (turn: TurnResult): boolean =>
    turn.status === 'waiting' && turn.flow === question.flow && turn.node === question.node;

const enters =
  (question: Question) =>
  (turn: TurnResult): boolean =>
    turn.events.some((e) => e.type === 'node_entered' && e.flow === question.flow && e.node === question.node);

/** The dry-run explorer, the workspace's answers and the rules for each kind, for one generator run. */
class MultiTurnKit {
  private readonly explorer: ConversationExplorer;
  private readonly harvested: HarvestedAnswers;
  private readonly valid = new Map<string, SpokenValue[]>();
  private readonly examples: ReadonlySet<string>;

  constructor(private readonly context: GeneratorContext) {
    this.explorer = new ConversationExplorer(context.workspace, context.today);
    this.harvested = harvestAnswers(context.workspace);
    this.examples = new Set(context.allIntents.flatMap((i) => i.examples.map((e) => e.trim().toLowerCase())));
  }

  /** The intent's flow's questions that fill a slot and that cooperative answers reach from a plain example, in file order. */
  reachableQuestions(intent: SourceIntent): Question[] {
    const plain = this.plainExample(intent);
    return [...this.explorer.questions.values()].filter(
      (q) => q.flow === intent.flow && q.slot !== undefined && this.explorer.search(plain, waitsAt(q), this.choices(undefined)) !== undefined,
    );
  }

  suits(kind: MultiTurnKind, q: Question, intent: SourceIntent): boolean {
    const type = q.definition.type;
    switch (kind) {
      case 'invalid':
        return this.invalid(q).length > 0;
      case 'correction':
        return type !== 'text' && type !== 'number' && q.retries > 0 && distinctValues(this.answers(q)).length >= 2;
      case 'early':
        return PREFILLED_TYPES.has(type) && this.earlyValues(q).length > 0;
      case 'silent':
        return true;
      case 'switch':
        return type !== 'text' && this.switchExamples(q, intent).length > 0;
    }
  }

  draft(kind: MultiTurnKind, intent: SourceIntent, q: Question, random: Random): CaseDraft | undefined {
    const choices = this.choices(random);
    const example = random.pick(intent.examples);
    const source = { flow: intent.flow, intent: intent.intent, utterance: example };
    const starts: ConversationCheck = { check: 'starts', turn: 1, intent: intent.intent, flow: intent.flow };
    if (kind === 'early') return this.early(intent, q, example, random, choices, starts);
    const reach = this.explorer.search(example, waitsAt(q), choices);
    if (!reach) return undefined;
    const prefix = reach.answers;
    const t = prefix.length + 2;
    const at = `${q.node} (${q.slot}, ${q.definition.type})`;
    switch (kind) {
      case 'invalid':
      case 'silent': {
        const bad = kind === 'silent' ? '' : random.pick(this.invalid(q));
        const said = kind === 'silent' ? 'nothing' : JSON.stringify(bad);
        if (q.retries === 0) {
          const failure: ConversationCheck = q.onFail ? { check: 'enters', turn: t, flow: q.flow, node: q.onFail } : { check: 'hands_off', turn: t };
          return {
            transformation: kind,
            detail: `said ${said} at ${at}, which has no retries`,
            utterance: example,
            sources: [source],
            expectation: 'on-fail',
            conversation: { turns: [...prefix, bad], checks: [starts, { check: 'keeps_empty', turn: t, flow: q.flow, slot: q.slot! }, failure] },
          };
        }
        const good = random.pick(this.answers(q)) as SpokenValue | undefined;
        const checks: ConversationCheck[] = [
          starts,
          { check: 'keeps_empty', turn: t, flow: q.flow, slot: q.slot! },
          { check: 'stays', turn: t, flow: q.flow },
          { check: 'waits', turn: t, flow: q.flow, node: q.node },
        ];
        if (good) checks.push({ check: 'fills', turn: t + 1, flow: q.flow, slot: q.slot!, value: good.value });
        return {
          transformation: kind,
          detail: `said ${said} at ${at}${good ? `, then ${JSON.stringify(good.text)}` : ''}`,
          utterance: example,
          sources: [source],
          expectation: 'reask',
          conversation: { turns: [...prefix, bad, ...(good ? [good.text] : [])], checks },
        };
      }
      case 'correction': {
        const values = distinctValues(this.answers(q));
        const first = random.pick(values);
        const second = random.pick(values.filter((v) => v.value !== first.value));
        const templates = q.definition.type === 'boolean' ? BOOLEAN_CORRECTIONS : CORRECTION_TEMPLATES;
        const said = fill(random.pick(templates), { x: withoutFinalStop(first.text), y: second.text });
        const read = extractSlot(q.definition, said, { today: this.context.today });
        // Read as the value taken back: the slot's type cannot tell a correction from a first answer (kept out above for `number`).
        if (read.ok && read.value !== second.value) return undefined;
        const checks: ConversationCheck[] = [starts, { check: 'never_fills', flow: q.flow, slot: q.slot!, value: first.value }];
        // Ambiguous to the slot's type: the question comes again and the customer says just the value they meant.
        const asksAgain = !read.ok;
        if (asksAgain) checks.push({ check: 'stays', turn: t, flow: q.flow }, { check: 'waits', turn: t, flow: q.flow, node: q.node });
        checks.push({ check: 'fills', turn: asksAgain ? t + 1 : t, flow: q.flow, slot: q.slot!, value: second.value });
        return {
          transformation: kind,
          detail: `said ${JSON.stringify(said)} at ${at}${asksAgain ? `, then ${JSON.stringify(second.text)}` : ''}`,
          utterance: example,
          sources: [source],
          expectation: 'correction',
          conversation: { turns: [...prefix, said, ...(asksAgain ? [second.text] : [])], checks },
        };
      }
      case 'switch': {
        const other = random.pick(this.switchExamples(q, intent));
        const given = [...prefix, other.utterance];
        const played = this.explorer.play(example, given);
        const switched = played[t - 1];
        if (played.length !== given.length + 1 || !switched?.events.some((e) => e.type === 'flow_entered' && e.flow === other.flow && e.digression)) return undefined;
        const resumed = this.explorer.search(example, waitsAt(q), choices, given);
        const checks: ConversationCheck[] = [starts, { check: 'starts', turn: t, intent: other.intent, flow: other.flow }];
        if (resumed) checks.push({ check: 'waits', turn: t + resumed.answers.length, flow: q.flow, node: q.node });
        return {
          transformation: kind,
          detail: `said ${JSON.stringify(other.utterance)} (${other.intent}) at ${at}${resumed ? `, then finished ${other.flow}` : ''}`,
          utterance: example,
          sources: [source, other],
          expectation: 'digression',
          conversation: { turns: [...given, ...(resumed?.answers ?? [])], checks },
        };
      }
    }
  }

  private early(intent: SourceIntent, q: Question, example: string, random: Random, choices: AnswerChoices, starts: ConversationCheck): CaseDraft | undefined {
    const slots = this.flowSlots(intent.flow);
    const today = this.context.today;
    if (prefillSlots(slots, example, { today })[q.slot!] !== undefined) return undefined;
    // The question is asked when the value is not given: otherwise "it was not asked" shows nothing.
    if (!this.explorer.search(example, waitsAt(q), choices)) return undefined;
    const value = random.pick(this.earlyValues(q));
    const opening = fill(random.pick(EARLY_TEMPLATES), { x: withoutFinalStop(example), v: value.text });
    if (prefillSlots(slots, opening, { today })[q.slot!] !== value.value) return undefined;
    this.explorer.know(opening, intent.intent);
    const entered = this.explorer.search(opening, enters(q), choices);
    if (!entered) return undefined;
    return {
      transformation: 'early',
      detail: `gave ${q.slot} (${q.definition.type}) as ${JSON.stringify(value.text)} in the first message, before ${q.node}`,
      utterance: opening,
      sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
      expectation: 'prefill',
      conversation: {
        turns: entered.answers,
        checks: [
          starts,
          { check: 'fills', turn: 1, flow: q.flow, slot: q.slot!, value: value.value },
          { check: 'never_waits', flow: q.flow, node: q.node },
        ],
      },
    };
  }

  /**
   * Answers for the dry runs: every value of a yes/no or enum question (its
   * routes may branch on them), one seeded valid answer for the others
   * (the same one each time the case meets the question). Without a random
   * stream, the first valid answer.
   */
  private choices(random: Random | undefined): AnswerChoices {
    const picked = new Map<string, readonly string[]>();
    return (q) => {
      const key = `${q.flow}/${q.node}`;
      let answers = picked.get(key);
      if (!answers) {
        const valid = this.answers(q);
        const branching = q.definition.type === 'boolean' || q.definition.type === 'enum';
        answers = branching ? distinctValues(valid).map((v) => v.text) : valid.length === 0 ? [] : [(random ? random.pick(valid) : valid[0]!).text];
        picked.set(key, answers);
      }
      return answers;
    };
  }

  /** Valid answers to a question, from the workspace's tests first (cached per question). */
  private answers(q: Question): SpokenValue[] {
    const key = `${q.flow}/${q.node}`;
    let answers = this.valid.get(key);
    if (!answers) {
      const harvested = [...(this.harvested.get(`${q.flow}/${q.slot}`) ?? []), ...(this.harvested.get(`*/${q.slot}`) ?? [])];
      answers = validAnswers(q.definition, harvested, this.context.today).filter((a) => !this.isExample(a.text));
      this.valid.set(key, answers);
    }
    return answers;
  }

  /** Valid answers short enough to be given in passing in the first message. */
  private earlyValues(q: Question): SpokenValue[] {
    return this.answers(q).filter((a) => a.text.trim().split(/\s+/).length <= EARLY_VALUE_MAX_WORDS);
  }

  /** Invalid answers that are not intent examples either (an example would be a digression, not a wrong answer). */
  private invalid(q: Question): string[] {
    return invalidAnswers(q.definition, this.context.today).filter((text) => !this.isExample(text));
  }

  /** Examples of intents of other flows that the question's slot reads no value from, and that the dry runs recognise as their intent. */
  private switchExamples(q: Question, intent: SourceIntent): { flow: string; intent: string; utterance: string }[] {
    return this.context.allIntents
      .filter((other) => other.flow !== intent.flow)
      .flatMap((other) =>
        other.examples
          .filter((e) => this.explorer.intentOf(e) === other.intent && !extractSlot(q.definition, e, { today: this.context.today }).ok)
          .map((utterance) => ({ flow: other.flow, intent: other.intent, utterance })),
      );
  }

  /** An example from which nothing is pre-filled, so that reaching a question does not depend on a value it happens to hold. */
  private plainExample(intent: SourceIntent): string {
    const slots = this.flowSlots(intent.flow);
    return intent.examples.find((e) => Object.keys(prefillSlots(slots, e, { today: this.context.today })).length === 0) ?? intent.examples[0]!;
  }

  private flowSlots(flow: string) {
    return this.context.workspace.flowsById.get(flow)?.data.slots ?? {};
  }

  private isExample(text: string): boolean {
    return this.examples.has(text.trim().toLowerCase());
  }
}

