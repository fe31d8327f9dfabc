/**
 * Adversarial search against the recognizer under test, after TextFooler
 * (Jin et al., 2020) and DeepWordBug (Gao et al., 2018): find a small,
 * meaning-preserving change to an intent example that the recognizer no
 * longer routes to the example's intent.
 *
 * For each source example (up to perIntent per intent, a seeded choice):
 * 1. recognise it; only an example recognised as its own intent is attacked;
 * 2. rank its words by importance: how far the intent's score drops when the
 *    word is deleted (one recognition per word);
 * 3. in that order, try each word's candidates: WordNet synonyms (as in
 *    `paraphrase`) and one of each DeepWordBug character edit that makes a
 *    non-word (`card` → `cadr`, never `car`). Candidates that fail the
 *    meaning check (SimilarityCheck: a synonym's sentence and word
 *    thresholds; for typos alone, the lower floor) are dropped; the rest are
 *    recognised. If any is no longer recognised as the intent (another
 *    intent, or nothing: below the threshold, or ambiguous), the most similar
 *    of those is the attack. Otherwise the candidate that lowered the intent's
 *    score most is kept (if it lowered it at all, and another change still
 *    fits under MAX_CHANGED_SHARE of the words; at that limit each remaining
 *    word is tried on its own) and the search moves to the next word;
 * 4. the smallest change: each earlier change the attack does not need is
 *    undone (one recognition each), so a report never blames a word that
 *    played no part.
 * The search stops at the first attack, when it runs out of words, or when
 * it has spent its budget of ATTACK_QUERY_BUDGET sentences.
 *
 * The search is written as a generator that yields what it needs (sentences
 * to embed, sentences to recognise) and is resumed with the answers, so the
 * driver (`modelGuidedCases`) runs every source's search side by side and
 * sends each round's sentences to the models in one batch.
 */
import type { Recognition } from '@colloquy/nlu';
import { characterEdits, type CharacterEdit } from './adversarialEdits.ts';
import { finishCase, type GeneratedCase } from './generatedCase.ts';
import { replaceWords, sentenceWords, type SentenceWord, type SubstitutableWord } from './lexicon/wordSubstitutes.ts';
import { createRandom } from './random.ts';
import type { SimilarityCheck } from './SimilarityCheck.ts';
import type { SourceIntent } from './sources.ts';

/**
 * Sentences one source's search may send to the models: the source, the
 * deletion probes and every candidate checked for similarity (a candidate
 * that is then recognised is not counted again: with a cached encoder shared
 * by the check and the recognizer it costs one embedding). Recognitions are a
 * subset, so this also bounds the recognizer queries. 60 covers the importance
 * ranking and four to five words' candidates for a typical example.
 */
export const ATTACK_QUERY_BUDGET = 60;

/** The largest share of a source's words an attack may change (at least one word): beyond it, a change is no longer small. */
export const MAX_CHANGED_SHARE = 0.25;

/** The most WordNet synonyms tried per word, most frequent sense first. */
export const MAX_SYNONYMS_PER_WORD = 8;

export type AttackEdit = 'synonym' | CharacterEdit;

export interface AttackChange {
  /** The word as it was in the source. */
  readonly from: string;
  readonly to: string;
  readonly edit: AttackEdit;
}

/** What the search did with one source example. */
export interface AttackRecord {
  readonly flow: string;
  readonly intent: string;
  readonly source: string;
  /** Whether the source was recognised as its intent, so that there was something to attack. */
  readonly attacked: boolean;
  readonly succeeded: boolean;
  /** The successful attack's text; null otherwise. */
  readonly utterance: string | null;
  /** The changes of the successful attack, in sentence order; empty otherwise. */
  readonly changes: readonly AttackChange[];
  /** Words in the source. */
  readonly words: number;
  /** Sentences sent to the models (at most the budget). */
  readonly queries: number;
  /** The source's recognition: the intent's confidence before the attack. */
  readonly before: number;
  /** The attack's recognition (null intent: not understood); null when no attack succeeded. */
  readonly after: { readonly intent: string | null; readonly confidence: number } | null;
  /** Similarity of the attack to the source; null when no attack succeeded. */
  readonly similarity: number | null;
}

/** What a search asks the driver for. */
export type SearchRequest =
  | { readonly kind: 'embed'; readonly texts: readonly string[] }
  | { readonly kind: 'recognize'; readonly texts: readonly string[] };

/** The driver's answer: recognitions for `recognize` (in order), nothing for `embed`. */
export type SearchAnswer = readonly Recognition[] | undefined;

export type AttackSearch = Generator<SearchRequest, AttackRecord, SearchAnswer>;

export interface AttackSource {
  readonly intent: SourceIntent;
  readonly source: string;
  /** The seed of the character edits' stream, with the intent and the source's number. */
  readonly seed: string;
  readonly index: number;
}

export interface AttackSetup {
  readonly similarity: SimilarityCheck;
  readonly substitutes: (text: string) => readonly SubstitutableWord[];
  /** Whether a string is an English word (`isKnownWord`): character edits must make a non-word. */
  readonly isWord: (word: string) => boolean;
  readonly budget: number;
}

/** The sources attacked for one intent: perIntent of its examples, in a seeded order (asking for more keeps the first ones). */
export function attackSources(intent: SourceIntent, seed: string, perIntent: number): AttackSource[] {
  const random = createRandom(seed, 'adversarial', intent.intent);
  const order = [...intent.examples];
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, perIntent).map((source, index) => ({ intent, source, seed, index }));
}

interface Candidate {
  readonly text: string;
  readonly to: string;
  readonly edit: AttackEdit;
}

export function* attackSearch(target: AttackSource, setup: AttackSetup): AttackSearch {
  const { intent, source } = target;
  const words = sentenceWords(source);
  const asked = new Set<string>();
  let queries = 0;
  const ask = (texts: readonly string[]): string[] => {
    const fresh = [...new Set(texts)].filter((t) => !asked.has(t)).slice(0, Math.max(0, setup.budget - queries));
    for (const t of fresh) asked.add(t);
    queries += fresh.length;
    return fresh;
  };
  const record = (fields: Partial<AttackRecord> & Pick<AttackRecord, 'attacked' | 'before'>): AttackRecord => ({
    flow: intent.flow,
    intent: intent.intent,
    source,
    succeeded: false,
    utterance: null,
    changes: [],
    words: words.length,
    queries,
    after: null,
    similarity: null,
    ...fields,
  });

  if (ask([source]).length === 0) return record({ attacked: false, before: 0 });
  const [original] = (yield { kind: 'recognize', texts: [source] }) as readonly Recognition[];
  const before = scoreOf(original!, intent.intent);
  if (original!.intent !== intent.intent) return record({ attacked: false, before });

  // Candidates per word, from the source's own words (synonyms keep the word's form; edits one letter).
  const synonyms = new Map(setup.substitutes(source).map((w) => [w.index, w.synonyms.slice(0, MAX_SYNONYMS_PER_WORD)]));
  const options = words.map((word, i) => [
    ...(synonyms.get(i) ?? []).map((to) => ({ to, edit: 'synonym' as const })),
    ...characterEdits(word.text, createRandom(target.seed, 'adversarial', intent.intent, target.index, i))
      .filter((e) => !setup.isWord(e.text))
      .map((e) => ({ to: e.text, edit: e.kind })),
  ]);
  const attackable = words.map((_, i) => i).filter((i) => options[i]!.length > 0);

  // Importance: the drop in the intent's score when the word is deleted.
  const probes = attackable.map((i) => ({ i, text: withoutWord(source, words[i]!) }));
  const probed = ask(probes.map((p) => p.text));
  const probeScores = new Map<string, number>();
  if (probed.length > 0) {
    const recognitions = (yield { kind: 'recognize', texts: probed }) as readonly Recognition[];
    probed.forEach((text, k) => probeScores.set(text, scoreOf(recognitions[k]!, intent.intent)));
  }
  const importance = (i: number): number => {
    const probe = probeScores.get(probes.find((p) => p.i === i)!.text);
    return probe === undefined ? -Infinity : before - probe;
  };
  const order = [...attackable].sort((a, b) => importance(b) - importance(a) || a - b);

  // The meaning check of a changed text: a synonym's (strict) when any change is one, else the character edits' (lenient).
  const meaningKept = (text: string, made: readonly { readonly edit: AttackEdit }[]): boolean =>
    made.some((c) => c.edit === 'synonym') ? setup.similarity.sentenceKept(source, text) : setup.similarity.editKept(source, text);

  const maxChanges = Math.max(1, Math.floor(words.length * MAX_CHANGED_SHARE));
  const changes = new Map<number, { to: string; edit: AttackEdit }>();
  let current = before;
  for (const i of order) {
    if (queries >= setup.budget) break;
    const candidates: Candidate[] = options[i]!.map((o) => ({ ...o, text: textOf(source, words, new Map([...changes, [i, o]])) }));
    const checked = new Set(ask(candidates.map((c) => c.text)));
    const fresh = candidates.filter((c) => checked.has(c.text));
    if (fresh.length === 0) continue;
    const wordPairs = fresh.filter((c) => c.edit === 'synonym').flatMap((c) => [words[i]!.text.toLowerCase(), c.to.toLowerCase()]);
    yield { kind: 'embed', texts: [source, ...fresh.map((c) => c.text), ...wordPairs] };
    const kept = fresh.filter((c) => (c.edit !== 'synonym' || setup.similarity.wordKept(words[i]!.text, c.to)) && meaningKept(c.text, [...changes.values(), c]));
    if (kept.length === 0) continue;
    const recognitions = (yield { kind: 'recognize', texts: kept.map((c) => c.text) }) as readonly Recognition[];
    const flipped = kept.map((c, k) => ({ c, r: recognitions[k]! })).filter(({ r }) => r.intent !== intent.intent);
    if (flipped.length > 0) {
      // The most similar flip (the first on a tie): the smallest change in meaning that breaks the recognizer.
      const best = flipped.reduce((a, b) => (setup.similarity.similarity(source, b.c.text) > setup.similarity.similarity(source, a.c.text) ? b : a));
      changes.set(i, { to: best.c.to, edit: best.c.edit });
      let attack = { text: best.c.text, recognition: best.r };
      // The smallest change: the earlier changes the flip does not need are undone, one at a time, in the order they were made.
      for (const k of [...changes.keys()].filter((k) => k !== i)) {
        if (queries >= setup.budget) break;
        const fewer = new Map([...changes].filter(([j]) => j !== k));
        const text = textOf(source, words, fewer);
        if (ask([text]).length === 0) continue;
        yield { kind: 'embed', texts: [source, text] };
        if (!meaningKept(text, [...fewer.values()])) continue;
        const [recognition] = (yield { kind: 'recognize', texts: [text] }) as readonly Recognition[];
        if (recognition!.intent === intent.intent) continue;
        changes.delete(k);
        attack = { text, recognition: recognition! };
      }
      return record({
        attacked: true,
        before,
        succeeded: true,
        utterance: attack.text,
        changes: [...changes].sort(([a], [b]) => a - b).map(([k, c]) => ({ from: words[k]!.text, ...c })),
        after: { intent: attack.recognition.intent, confidence: attack.recognition.confidence },
        similarity: setup.similarity.similarity(source, attack.text),
      });
    }
    let lowest = -1;
    kept.forEach((_, k) => {
      if (lowest < 0 || scoreOf(recognitions[k]!, intent.intent) < scoreOf(recognitions[lowest]!, intent.intent)) lowest = k;
    });
    const score = scoreOf(recognitions[lowest]!, intent.intent);
    // Kept only while a further change fits under the limit: at the limit, each remaining word is tried on its own.
    if (score < current && changes.size + 1 < maxChanges) {
      changes.set(i, { to: kept[lowest]!.to, edit: kept[lowest]!.edit });
      current = score;
    }
  }
  return record({ attacked: true, before });
}

/** The successful attacks as cases, numbered per intent in source order. */
export function attackCases(records: readonly AttackRecord[]): GeneratedCase[] {
  const numbers = new Map<string, number>();
  return records
    .filter((r) => r.succeeded)
    .map((r) => {
      const n = numbers.get(r.intent) ?? 0;
      numbers.set(r.intent, n + 1);
      const edits = new Set(r.changes.map((c) => (c.edit === 'synonym' ? 'synonym' : 'character')));
      const recognised = r.after!.intent ?? '(not understood)';
      return finishCase('adversarial', r.intent, n, {
        transformation: edits.size === 2 ? 'mixed' : [...edits][0]!,
        detail:
          `${r.changes.map((c) => `"${c.from}" → "${c.to}" (${c.edit})`).join(', ')}: ` +
          `${r.intent} ${r.before.toFixed(2)} → ${recognised} ${r.after!.confidence.toFixed(2)}; ` +
          `similarity ${r.similarity!.toFixed(2)}; ${r.queries} queries`,
        utterance: r.utterance!,
        sources: [{ flow: r.flow, intent: r.intent, utterance: r.source }],
        expectation: 'same-intent',
        intents: [r.intent],
      });
    });
}

/** The intent's score in a recognition (0 when it is not ranked). */
function scoreOf(recognition: Recognition, intent: string): number {
  return recognition.ranking.find((s) => s.intent === intent)?.score ?? 0;
}

/** The source with one word removed (and the space before or after it). */
function withoutWord(source: string, word: { readonly start: number; readonly end: number }): string {
  return (source.slice(0, word.start) + source.slice(word.end)).replace(/\s{2,}/g, ' ').trim();
}

/** The source with the changed words replaced (by word index). */
function textOf(source: string, words: readonly SentenceWord[], changes: ReadonlyMap<number, { readonly to: string }>): string {
  return replaceWords(source, [...changes].map(([k, c]) => ({ start: words[k]!.start, end: words[k]!.end, text: c.to })));
}
