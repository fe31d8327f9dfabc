import type { SlotDefinition } from '@colloquy/core';
import { singleValue, type SlotCandidate, type SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { MAX_PATTERN_INPUT, patternSafety } from './regexSafety.ts';

/**
 * `pattern`: the whole answer, or a word of it, matching the slot's regular
 * expression (JavaScript syntax, Unicode mode, case-sensitive); the value is
 * the matched text. A pattern that does not compile, or that could backtrack
 * catastrophically (see regexSafety.ts), matches nothing and says why: here
 * it must simply never throw or hang.
 */
export const patternSlot: SlotType = {
  extract(definition, text) {
    return findPattern(definition, text, 'answer');
  },
  prefill(definition, text) {
    return findPattern(definition, text, 'prefill');
  },
};

/**
 * How much of an answer is searched for words to match: a few times the
 * longest text a pattern runs on, so that a reference at the end of a long
 * answer is still found while one answer's cost stays bounded.
 */
const SEARCHED_LENGTH = MAX_PATTERN_INPUT * 4;

/** A usable pattern with the longest text it may run on (regexSafety.ts), or why it is not usable. */
type Compiled = { readonly regex: RegExp; readonly inputLimit: number } | { readonly problem: string };

const compiled = new WeakMap<SlotDefinition, Compiled>();

function compile(definition: SlotDefinition): Compiled {
  let result = compiled.get(definition);
  if (!result) {
    result = compileSource(definition.pattern);
    compiled.set(definition, result);
  }
  return result;
}

function compileSource(source: unknown): Compiled {
  if (typeof source !== 'string' || source.length === 0) return { problem: 'the slot has no `pattern`' };
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'u');
  } catch {
    return { problem: 'the pattern is not a valid regular expression' };
  }
  // Analysed only once it compiles: the analysis relies on the syntax being valid.
  const safety = patternSafety(source);
  return safety.safe ? { regex, inputLimit: safety.inputLimit } : { problem: safety.reason };
}

/** Words for pattern matching: split on white space, with surrounding punctuation also tried off ("AB123456."). */
const WORD = /\S+/gu;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

function findPattern(definition: SlotDefinition, text: string, mode: 'answer' | 'prefill'): SlotExtraction {
  const pattern = compile(definition);
  if ('problem' in pattern) return { ok: false, reason: pattern.problem };
  const candidates: SlotCandidate[] = [];
  const trimmed = text.trim();
  const limit = pattern.inputLimit;
  if (trimmed.length > 0 && trimmed.length <= limit) {
    const whole = matchAt(pattern.regex, trimmed, text.indexOf(trimmed));
    // An answer that matches as a whole is the value; no need to look at words.
    if (whole && mode === 'answer') return { ok: true, ...whole };
    if (whole) candidates.push(whole);
  }
  for (const word of text.slice(0, SEARCHED_LENGTH).matchAll(WORD)) {
    if (word[0].length > limit) continue;
    const found = matchAt(pattern.regex, word[0], word.index) ?? matchStripped(pattern.regex, word[0], word.index);
    if (found) candidates.push(found);
  }
  return singleValue(candidates, 'nothing matches the pattern', 'more than one part of the answer matches the pattern');
}

function matchStripped(regex: RegExp, word: string, offset: number): SlotCandidate | undefined {
  const stripped = word.replace(EDGE_PUNCTUATION, '');
  if (stripped.length === 0 || stripped === word) return undefined;
  return matchAt(regex, stripped, offset + word.indexOf(stripped));
}

function matchAt(regex: RegExp, text: string, offset: number): SlotCandidate | undefined {
  const match = regex.exec(text);
  if (!match || match[0].length === 0) return undefined;
  return { value: match[0], start: offset + match.index, end: offset + match.index + match[0].length };
}
