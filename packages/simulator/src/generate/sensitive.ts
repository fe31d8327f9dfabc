/**
 * Sensitive-topic probes: for every topic a topic_handoff policy names,
 * messages about that topic, which must reach a person (`handoff`).
 *
 * Two sources per topic: the built-in probes below for the well-known topic
 * names (fixed, written unlike typical intent examples: indirect, upset,
 * mid-sentence), then `perIntent` seeded cases per intent tagged with the
 * topic, its examples framed as people bring such things up. A topic with no
 * built-in probes and no tagged intent gets no case: validation already
 * reports a policy topic no intent carries.
 */
import { distinctCases, finishCase, type GeneratedCase } from './generatedCase.ts';
import { fill, lowerFirst, withoutFinalStop } from './text.ts';
import type { GeneratorContext } from './sources.ts';

/** Built-in probes for topic names that are common across banks. */
export const TOPIC_PROBES: Readonly<Record<string, readonly string[]>> = {
  complaint: [
    "this is the third time I've had to contact you and nothing has changed, I want to complain",
    'I am absolutely furious with how I have been treated',
    'how do I make a formal complaint about your staff',
    "I'm not happy at all and I want someone to take this seriously",
  ],
  bereavement: [
    'my mum passed away last week and I need to sort out her accounts',
    "I'm the executor of my late father's estate",
    'my husband died recently, what do I need to do',
    'someone who banks with you has died and I am dealing with their affairs',
  ],
  vulnerability: [
    "I've lost my job and I can't pay my bills",
    "I'm really struggling financially and don't know where to turn",
    "I've just been diagnosed with a serious illness and need help managing things",
    'my partner controls all my money and I need help',
  ],
  retention: [
    "I'm thinking of leaving and moving to another bank",
    'I want to close my account and switch',
    "what's the quickest way to shut everything down and leave",
    "I've had enough, I'm taking my business elsewhere",
  ],
};

/** How tagged examples are framed: the sensitive part arrives indirectly or with feeling. */
export const TOPIC_FRAMES = [
  'Before anything else, {x}',
  "I don't know if you can help with this, but {x}",
  '{x}. Sorry, this is hard to write',
  'Honestly {x}',
  'I was told to message here. {x}',
] as const;

export function sensitiveCases(context: GeneratorContext): GeneratedCase[] {
  return context.sensitiveTopics.flatMap(({ topic, policies }) => {
    const builtIn = (TOPIC_PROBES[topic] ?? []).map((text, n) =>
      finishCase('sensitive', topic, n, {
        transformation: 'probe',
        detail: `built-in ${topic} probe`,
        utterance: text,
        expectation: 'handoff',
        topic,
        policies,
      }),
    );
    const tagged = context.intents.filter((intent) => intent.topics.includes(topic));
    const framed = tagged.flatMap((intent) =>
      distinctCases('sensitive', `${topic}.${intent.intent}`, context.seed, context.perIntent, (random) => {
        const example = random.pick(intent.examples);
        const frame = random.pick(TOPIC_FRAMES);
        const utterance = fill(frame, { x: frame.startsWith('{x}') ? withoutFinalStop(example) : lowerFirst(example) });
        return {
          transformation: 'framed_example',
          detail: `framed as "${frame}"`,
          utterance,
          sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
          expectation: 'handoff',
          topic,
          policies,
        };
      }),
    );
    return [...builtIn, ...framed];
  });
}
