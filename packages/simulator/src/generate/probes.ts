/**
 * Fixed probes: utterances that come from no intent. `blank` is empty and
 * whitespace-only input; `out_of_scope` asks for things a bank's assistant
 * does not do. Both lists are fixed and documented (docs/reference/generators.md),
 * so they ignore the seed and `perIntent`: every run gets all of them.
 */
import { finishCase, type GeneratedCase } from './generatedCase.ts';

/** Empty and whitespace-only messages, by category. Each must be treated as not understood. */
export const BLANK_PROBES: Readonly<Record<'empty' | 'whitespace', readonly { readonly text: string; readonly detail: string }[]>> = {
  empty: [{ text: '', detail: 'nothing at all' }],
  whitespace: [
    { text: ' ', detail: 'one space' },
    { text: '     ', detail: 'several spaces' },
    { text: '\t', detail: 'a tab' },
    { text: '\n', detail: 'a line break' },
    { text: ' \n\t \r\n ', detail: 'mixed spaces, tabs and line breaks' },
    { text: '\u00a0', detail: 'a no-break space (U+00A0)' },
    { text: '\u3000', detail: 'an ideographic space (U+3000)' },
  ],
};

/**
 * Requests outside what a bank's customer-service assistant does, by
 * category. None mentions a card, an account, a payment or a bank, so any
 * intent recognised for them is a false positive. The financial_advice
 * category sits close to banking on purpose: the assistant helps with
 * accounts, it does not give advice.
 */
export const OUT_OF_SCOPE_PROBES: Readonly<Record<string, readonly string[]>> = {
  weather: ["what's the weather going to be like in Manchester tomorrow", 'will it rain this weekend'],
  food: ['can you order me a pizza', 'give me a recipe for banana bread'],
  entertainment: ['tell me a joke', 'write me a poem about the sea', 'who won the football last night', 'recommend a good film to watch tonight'],
  travel: ['book me a flight to Lisbon', 'what time is the next train to Leeds'],
  technology: ['how do I fix my wifi router', 'write a python script that sorts a list'],
  health: ['what should I take for a headache', 'how many calories are in a banana'],
  general_knowledge: ['what is the capital of Australia', 'how tall is Mount Everest', 'translate good morning into Spanish'],
  chit_chat: ["what's your favourite colour", 'do you ever dream', 'how old are you'],
  financial_advice: ['which shares should I buy this week', 'should I put my savings into bitcoin', 'is it a good time to buy a house'],
};

export function blankCases(): GeneratedCase[] {
  return Object.entries(BLANK_PROBES).flatMap(([category, probes]) =>
    probes.map(({ text, detail }, n) =>
      finishCase('blank', category, n, { transformation: category, detail, utterance: text, expectation: 'out-of-scope' }),
    ),
  );
}

export function outOfScopeCases(): GeneratedCase[] {
  return Object.entries(OUT_OF_SCOPE_PROBES).flatMap(([category, probes]) =>
    probes.map((text, n) =>
      finishCase('out_of_scope', category, n, { transformation: 'probe', detail: `fixed ${category.replace(/_/g, ' ')} probe`, utterance: text, expectation: 'out-of-scope' }),
    ),
  );
}
