import type { SlotDefinition } from '@colloquy/core';
import { singleValue, type SlotCandidate, type SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { hasNestedRepetition } from './regexSafety.ts';

/**
 * `pattern`: the whole answer, or a word of it, matching the slot's regular
 * expression (JavaScript syntax, Unicode mode, case-sensitive); the value is
 * the matched text. A pattern that does not compile, or that could backtrack
 * catastrophically, matches nothing (validation reports it; here it must
 * simply never throw or hang).
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
 * Longest text a pattern is run on. Together with refusing nested
 * repetition, this bounds the time one answer can cost.
 */
export const PATTERN_INPUT_LIMIT = 500;

type Compiled = { readonly regex: RegExp } | { readonly problem: string };

const compiled = new WeakMap<SlotDefinition, Compiled>();

function compile(definition: SlotDefinition): Compiled {
  const known = compiled.get(definition);
  if (known) return known;
  let result: Compiled;
  const source = definition.pattern;
  if (typeof source !== 'string' || source.length === 0) {
    result = { problem: 'the slot has no `pattern`' };
  } else if (hasNestedRepetition(source)) {
    result = { problem: 'the pattern repeats a repetition, which can take too long to match' };
  } else {
    try {
      result = { regex: new RegExp(source, 'u') };
    } catch {
      result = { problem: 'the pattern is not a valid regular expression' };
    }
  }
  compiled.set(definition, result);
  return result;
}

/** Words for pattern matching: split on white space, with surrounding punctuation also tried off ("AB123456."). */
const WORD = /\S+/gu;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

function findPattern(definition: SlotDefinition, text: string, mode: 'answer' | 'prefill'): SlotExtraction {
  const pattern = compile(definition);
  if ('problem' in pattern) return { ok: false, reason: pattern.problem };
  const candidates: SlotCandidate[] = [];
  const trimmed = text.trim();
  if (trimmed.length > 0 && trimmed.length <= PATTERN_INPUT_LIMIT) {
    const whole = matchAt(pattern.regex, trimmed, text.indexOf(trimmed));
    // An answer that matches as a whole is the value; no need to look at words.
    if (whole && mode === 'answer') return { ok: true, ...whole };
    if (whole) candidates.push(whole);
  }
  for (const word of text.slice(0, PATTERN_INPUT_LIMIT * 4).matchAll(WORD)) {
    if (word[0].length > PATTERN_INPUT_LIMIT) continue;
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
