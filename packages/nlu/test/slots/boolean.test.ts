import { describe, expect, it } from 'vitest';
import { prefillSlots } from '@colloquy/nlu';
import { reasonFor, spanOf, TODAY, valueOf } from './helpers.ts';

const YES_NO = { type: 'boolean' } as const;

describe('boolean slots', () => {
  it('reads the ways of saying yes', () => {
    for (const answer of ['yes', 'Yes please', 'YEP', 'yeah', 'sure', 'ok', 'Okay then', 'correct', "that's right", 'I do', 'of course', 'go ahead', 'absolutely', 'no problem', 'why not', 'do it', 'yes I do', 'Yes!']) {
      expect(valueOf(YES_NO, answer), answer).toBe(true);
    }
  });

  it('reads the ways of saying no', () => {
    for (const answer of ['no', 'Nope.', 'nah', 'not really', 'no thanks', "I don't", 'I don’t', 'of course not', 'absolutely not', "I don't think so", 'never', 'not at all', 'No!']) {
      expect(valueOf(YES_NO, answer), answer).toBe(false);
    }
  });

  it('lets the longest phrase decide what words mean together', () => {
    // "no problem" is a yes, "not sure" is neither, "of course not" is a no.
    expect(valueOf(YES_NO, 'no problem at all')).toBe(true);
    expect(reasonFor(YES_NO, 'not sure')).toMatch(/unsure/);
    expect(valueOf(YES_NO, 'of course not')).toBe(false);
    expect(spanOf(YES_NO, 'well, no thank you')).toBe('no thank you');
  });

  it('fills nothing when the customer is unsure', () => {
    for (const answer of ['not sure', "I'm not sure", 'maybe', "I don't know", 'no idea', 'it depends', 'yes, maybe']) {
      expect(reasonFor(YES_NO, answer), answer).toMatch(/unsure/);
    }
  });

  it('fills nothing when the answer is a question, even one holding a yes or no word', () => {
    for (const answer of ['is that right?', 'are you sure', 'can you do it', 'do I have to', 'yes?', 'Yes, but what does it cost?', 'how long will it take, ok', 'is it ok']) {
      expect(reasonFor(YES_NO, answer), answer).toMatch(/question/);
    }
    expect(reasonFor(YES_NO, 'is it safe?')).toMatch(/no yes or no|question/);
  });

  it('still reads answers that open like a question', () => {
    expect(valueOf(YES_NO, 'why not')).toBe(true);
    expect(valueOf(YES_NO, 'do it now')).toBe(true);
    expect(valueOf(YES_NO, 'I have')).toBe(true);
  });

  it('fills nothing when the answer says both yes and no', () => {
    expect(reasonFor(YES_NO, 'yes no')).toMatch(/both/);
    expect(reasonFor(YES_NO, 'yes... actually no')).toMatch(/both/);
    expect(valueOf(YES_NO, 'yes, yes')).toBe(true);
  });

  it('finds nothing in answers without yes or no', () => {
    for (const answer of ['', '   ', 'hmm', 'the blue one', 'yesterday', 'knot', 'nobody']) {
      expect(reasonFor(YES_NO, answer), answer).toMatch(/no yes or no/);
    }
  });

  it('is never pre-filled from the utterance that starts a flow', () => {
    // A yes only answers the question it was given to (docs/reference/runtime.md).
    expect(prefillSlots({ confirm: YES_NO }, 'Yes, freeze my card', { today: TODAY })).toEqual({});
    expect(prefillSlots({ consent: YES_NO, last4: { type: 'digits', length: 4 } }, 'No, the card ending 1234', { today: TODAY })).toEqual({ last4: '1234' });
  });
});
