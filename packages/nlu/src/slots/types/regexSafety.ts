import { parseRegex, type RegexNode, type RegexSequence } from './regexShape.ts';

/**
 * A static guard against regular expressions that backtrack catastrophically
 * (ReDoS, see OWASP "Regular expression Denial of Service"). A slot's pattern
 * runs on every answer a customer types, synchronously, so a pattern that can
 * take seconds on a near-miss answer is refused rather than run.
 *
 * The guard estimates the steps a backtracking engine can take to fail on an
 * input of n characters: every repetition that can stop at more than one
 * place (because what follows can match the same characters, as in `\d+\d+`)
 * makes the rest of the pattern be tried once per place, alternatives that
 * can start with the same character are all tried, and an unanchored pattern
 * is tried at each of the n start positions. Two shapes are refused:
 *
 * - an unbounded repetition of a part that can itself match in several ways,
 *   `(a+)+`, `(\w+\s?)*`, `(a|ab)*`: exponential in the answer's length;
 * - a pattern whose estimate exceeds the budget even on short answers,
 *   `\d+\d+\d+\d+x`, `^(.*a){10}$`: a polynomial of high degree.
 *
 * Anything else gets the longest input (up to MAX_PATTERN_INPUT) on which its
 * estimate stays within the budget, and is only run on answers and words up
 * to that length. Repetitions followed by characters they cannot match
 * (`[A-Z]+-[0-9]+`), bounded ones of a fixed count (`(\d{4} ?){4}`) and
 * alternatives starting differently (`(GB|IE)`) make no choices, so ordinary
 * patterns get the full length.
 *
 * Character sets are compared on a sample alphabet (ASCII, a few letters and
 * digits of other scripts, and every character the pattern names), so two
 * exotic Unicode properties that overlap only outside it are taken as
 * disjoint: an estimate, not a proof, but it covers every pattern in the
 * OWASP and CWE-1333 examples.
 */
export type PatternSafety = { readonly safe: true; readonly inputLimit: number } | { readonly safe: false; readonly reason: string };

/** Longest text a pattern ever runs on: longer than any reference, postcode or address line a slot asks for. */
export const MAX_PATTERN_INPUT = 500;

/**
 * Estimated backtracking steps allowed for one run. With V8 on a development
 * machine, `\d+\d+x` gets 142 characters within it and fails on 142 digits
 * in about 3 ms: the estimate over-counts by about the factorial of the
 * number of chained repetitions. An answer runs the pattern on the whole
 * answer and on each of its words, which stays within about 15 ms.
 */
const STEP_BUDGET = 3e6;

/** Patterns that could only run on answers shorter than this are refused: they would reject ordinary answers. */
const MIN_USEFUL_INPUT = 40;

const NESTED_REPETITION =
  'the pattern repeats a part that can itself match in several ways (like `(a+)+`, `(\\w+\\s?)*` or `(a|ab)*`), which can take too long to match';
const CHAINED_REPETITION =
  'the pattern has too many repetitions that can match the same characters (like `\\d+\\d+\\d+\\d+` or `(.*a){10}`), which can take too long to match';

/** Whether a pattern that compiles with the `u` flag is safe to run, and on how long an input. */
export function patternSafety(pattern: string): PatternSafety {
  const estimate = new BacktrackingEstimate(pattern);
  const costAt = (n: number) => estimate.cost(n);
  const longest = costAt(MAX_PATTERN_INPUT);
  // Exponential shapes are found while estimating, whatever the length.
  if (estimate.nested) return { safe: false, reason: NESTED_REPETITION };
  if (longest <= STEP_BUDGET) return { safe: true, inputLimit: MAX_PATTERN_INPUT };
  // The cost grows with n: find the longest input within the budget.
  let low = 0;
  let high = MAX_PATTERN_INPUT;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (costAt(middle) <= STEP_BUDGET) low = middle;
    else high = middle - 1;
  }
  if (low < MIN_USEFUL_INPUT) return { safe: false, reason: CHAINED_REPETITION };
  return { safe: true, inputLimit: low };
}

/** Membership of each character of the sample alphabet. */
type CharSet = Uint8Array;

interface First {
  /** The characters a match can start with. */
  readonly set: CharSet;
  /** Whether it can match the empty string. */
  readonly nullable: boolean;
}

const SAMPLE = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
  ...['é', 'ß', 'ø', 'α', 'Ж', 'ж', 'ب', 'א', '中', 'あ', '٣', '５', '\u00a0', '\u2003', '\u2028', '\u200b', '\u0301', '😀'],
];
const NAMED_CHARACTER = /\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g;

/** How many ways a part of the pattern can match, and the steps it takes to try them all. */
interface Effort {
  readonly paths: number;
  readonly work: number;
}

const ONE_STEP: Effort = { paths: 1, work: 1 };

class BacktrackingEstimate {
  nested = false;
  private readonly alternatives: readonly RegexSequence[];
  private readonly alphabet: readonly string[];
  private readonly sets = new Map<string, CharSet>();
  private readonly any: CharSet;
  private readonly none: CharSet;

  constructor(pattern: string) {
    this.alternatives = parseRegex(pattern);
    // Read from the raw text, so `\\u{110000}` (a backslash, then "u" repeated) yields a code point too large to exist: skipped.
    const named = [...pattern.matchAll(NAMED_CHARACTER)].map((m) => parseInt(m[1] ?? m[2] ?? m[3]!, 16)).filter((code) => code <= 0x10ffff);
    const namedCharacters = named.map((code) => String.fromCodePoint(code));
    this.alphabet = [...new Set([...SAMPLE, ...pattern, ...namedCharacters])];
    this.any = new Uint8Array(this.alphabet.length).fill(1);
    this.none = new Uint8Array(this.alphabet.length);
  }

  /** Estimated steps to fail on an input of n characters: the work from each start position, for every start position. */
  cost(n: number): number {
    const anchored = this.alternatives.every((sequence) => sequence[0]?.kind === 'assertion' && sequence[0].start);
    let work = 0;
    for (const sequence of this.alternatives) work += this.sequenceEffort(sequence, this.none, n).work;
    return (anchored ? 1 : n) * work;
  }

  /**
   * A sequence tries what follows each node once for every way the node can
   * match: `\d+\d+x` tries the second `\d+` (n steps) for each of the n places
   * where the first can stop.
   */
  private sequenceEffort(sequence: RegexSequence, follow: CharSet, n: number): Effort {
    let paths = 1;
    let work = 0;
    let after = follow;
    for (let i = sequence.length - 1; i >= 0; i--) {
      const node = sequence[i]!;
      const effort = this.effort(node, after, n);
      work = effort.work + effort.paths * work;
      paths *= effort.paths;
      const first = this.first(node);
      after = first.nullable ? union(first.set, after) : first.set;
    }
    return { paths, work: Math.max(work, 1) };
  }

  private effort(node: RegexNode, follow: CharSet, n: number): Effort {
    switch (node.kind) {
      case 'char':
      case 'assertion':
      case 'backreference':
        return ONE_STEP;
      case 'group': {
        // A lookaround is atomic: it costs its own search but leaves no choices behind.
        if (node.lookaround) return { paths: 1, work: this.groupEffort(node.alternatives, this.any, n).work };
        return this.groupEffort(node.alternatives, follow, n);
      }
      case 'repeat':
        return this.repeatEffort(node, follow, n);
    }
  }

  /** Alternatives that cannot start with the same character exclude each other: only one of them is ever tried far. */
  private groupEffort(alternatives: readonly RegexSequence[], follow: CharSet, n: number): Effort {
    const efforts = alternatives.map((sequence) => this.sequenceEffort(sequence, follow, n));
    const starts = alternatives.map((sequence) => {
      const first = this.sequenceFirst(sequence);
      return first.nullable ? union(first.set, follow) : first.set;
    });
    const exclusive = starts.every((a, i) => starts.every((b, j) => j <= i || disjoint(a, b)));
    const paths = efforts.map((e) => e.paths);
    const work = efforts.map((e) => e.work);
    return exclusive
      ? { paths: Math.max(...paths), work: Math.max(...work) + alternatives.length }
      : { paths: paths.reduce((sum, p) => sum + p, 0), work: work.reduce((sum, w) => sum + w, 0) };
  }

  private repeatEffort(node: Extract<RegexNode, { kind: 'repeat' }>, follow: CharSet, n: number): Effort {
    const inner = this.first(node.node);
    // Between iterations, the next iteration may follow too.
    const innerFollow = node.max > 1 ? union(inner.set, follow) : follow;
    const { paths: inside, work: each } = this.effort(node.node, innerFollow, n);
    if (inside > 1 && node.max === Infinity) {
      this.nested = true;
      return { paths: Infinity, work: Infinity };
    }
    const most = Math.max(node.min, Math.min(node.max, n));
    // A repetition that what follows cannot continue stops at one place only.
    const stops = node.min === node.max || (!inner.nullable && disjoint(inner.set, follow)) ? 1 : most - node.min + 1;
    // Iteration i is tried once for every way the earlier ones matched: each + each*inside + ... (most terms).
    const iterations = inside === 1 ? most * each : (each * (inside ** most - 1)) / (inside - 1);
    return { paths: inside === 1 ? stops : stops * inside ** most, work: iterations + stops };
  }

  private first(node: RegexNode): First {
    switch (node.kind) {
      case 'char':
        return { set: this.charSet(node.source), nullable: false };
      case 'assertion':
        return { set: this.none, nullable: true };
      case 'backreference':
        return { set: this.any, nullable: true };
      case 'group': {
        if (node.lookaround) return { set: this.none, nullable: true };
        let set = this.none;
        let nullable = false;
        for (const sequence of node.alternatives) {
          const first = this.sequenceFirst(sequence);
          set = union(set, first.set);
          nullable ||= first.nullable;
        }
        return { set, nullable };
      }
      case 'repeat': {
        const first = this.first(node.node);
        return { set: first.set, nullable: first.nullable || node.min === 0 };
      }
    }
  }

  private sequenceFirst(sequence: RegexSequence): First {
    let set = this.none;
    for (const node of sequence) {
      const first = this.first(node);
      set = union(set, first.set);
      if (!first.nullable) return { set, nullable: false };
    }
    return { set, nullable: true };
  }

  private charSet(source: string): CharSet {
    let set = this.sets.get(source);
    if (set) return set;
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(`^(?:${source})$`, 'u');
    } catch {
      // Cannot happen for a pattern that compiles; assuming the worst keeps the estimate safe.
    }
    set = regex ? Uint8Array.from(this.alphabet, (c) => (regex.test(c) ? 1 : 0)) : this.any;
    this.sets.set(source, set);
    return set;
  }
}

function union(a: CharSet, b: CharSet): CharSet {
  if (a === b) return a;
  return a.map((value, i) => value | b[i]!);
}

function disjoint(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! & b[i]!) return false;
  return true;
}
