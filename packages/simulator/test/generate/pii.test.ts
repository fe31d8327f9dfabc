import { PII_KINDS, echoedText, generateCases, ibanCheckDigits, luhnCheckDigit } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, examplesByIntent, expectSeeded, ibanValid, loose, luhnValid } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('check digits', () => {
  it('matches published examples', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook Luhn example, 79927398713
    expect(luhnCheckDigit('411111111111111')).toBe(1); // 4111 1111 1111 1111
    expect(ibanCheckDigits('GB', 'WEST12345698765432')).toBe('82'); // ISO 13616 example
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB83 WEST 1234 5698 7654 32')).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('pii generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'pii', seed));
  });

  it('keeps the request, expects the same intent and lists the value that must not be echoed', () => {
    const examples = examplesByIntent(workspace);
    const cases = casesOf(workspace, 'pii');
    expect(new Set(cases.map((c) => c.transformation))).toEqual(new Set(PII_KINDS));
    for (const c of cases) {
      const source = c.sources[0]!;
      expect(examples.get(source.intent)).toContain(source.utterance);
      expect(c).toMatchObject({ generator: 'pii', expectation: 'same-intent', accept: ['same-intent'], intents: [source.intent] });
      expect(c.mustNotEcho).toHaveLength(1);
      expect(c.utterance).toContain(c.mustNotEcho[0]);
      expect(c.utterance.toLowerCase()).toContain(loose(source.utterance));
      expect(echoedText(`You said: ${c.utterance}`, c.mustNotEcho)).toBe(c.mustNotEcho[0]);
    }
  });

  it('makes card numbers that pass Luhn, IBANs with valid check digits and reserved-domain emails', () => {
    const cases = generateCases(workspace, { generators: ['pii'], seed: 'values', perIntent: 12 });
    const byKind = (kind: string) => cases.filter((c) => c.transformation === kind).map((c) => c.mustNotEcho[0]!);
    expect(byKind('card_number').length).toBeGreaterThan(20);
    for (const card of byKind('card_number')) {
      const digits = card.replace(/[ -]/g, '');
      expect(digits, card).toMatch(/^\d{16}$/);
      expect(luhnValid(digits), card).toBe(true);
    }
    for (const iban of byKind('iban')) {
      expect(iban.replace(/ /g, '')).toMatch(/^GB\d{2}[A-Z]{4}\d{14}$/);
      expect(ibanValid(iban), iban).toBe(true);
    }
    for (const email of byKind('email')) expect(email).toMatch(/^[\w.]+@example\.(com|org|net)$/);
  });
});
