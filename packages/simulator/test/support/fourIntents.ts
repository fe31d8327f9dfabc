/**
 * A small workspace for the model-guided generator tests: four intents with
 * six examples each, every flow a single answer, no policies. Small enough to
 * train the `use` recognizer and attack every intent in a few seconds, and
 * varied enough (long and short examples, one-word greetings) that some
 * attacks succeed and others do not.
 */
import type { Workspace } from '@colloquy/core';
import { loadWorkspace, yaml } from './workspace.ts';

const AGENT = yaml`
  kind: agent
  version: 1
  name: Small bank
  language: en
  greeting: Hello, how can I help?
  nlu: { recognizer: use, threshold: 0.45 }
  fallback:
    say: Sorry, I did not get that.
    max_failures: 2
    handoff: { queue: general, reason: not understood, say: Let me get you a person. }
  queues:
    general: { title: General }
`;

function answerFlow(id: string, intent: string, examples: readonly string[]): string {
  return yaml`
    kind: flow
    version: 1
    id: ${id}
    title: ${id}
    intents:
      ${intent}:
        examples: ${JSON.stringify(examples)}
    start: answer
    nodes:
      answer:
        say: Done.
        end: answered
  `;
}

export const FOUR_INTENTS: Readonly<Record<string, readonly string[]>> = {
  report_lost_card: ['I lost my card', "I can't find my bank card anywhere", 'my debit card has been stolen', 'someone took my card', 'lost card', 'please block my card, it is missing'],
  check_balance: ['what is my balance', 'how much money do I have', 'show me my account balance', 'balance please', 'how much is left in my current account', 'check balance'],
  close_account: ['I want to close my account', 'please shut down my account', 'how do I close my savings account', 'cancel my account', 'I would like to end my account with you', 'close account'],
  greet: ['hello', 'hi there', 'good morning', 'hey', 'good afternoon', 'hiya'],
};

/**
 * The workspace, optionally with a test file per flow named in `simulate`
 * holding that `simulate:` block (YAML flow mapping, e.g.
 * `{ generators: [paraphrase], per_intent: 1 }`) and one scripted test.
 */
export function fourIntentWorkspace(simulate: Readonly<Record<string, string>> = {}): Workspace {
  const files: Record<string, string> = { 'agent.yaml': AGENT };
  for (const [intent, examples] of Object.entries(FOUR_INTENTS)) files[`flows/${intent}.flow.yaml`] = answerFlow(intent, intent, examples);
  for (const [flow, block] of Object.entries(simulate)) {
    files[`tests/${flow}.test.yaml`] = yaml`
      kind: test
      version: 1
      id: ${flow}
      title: ${flow}
      flow: ${flow}
      simulate: ${block}
      tests:
        - id: answers
          title: It answers.
          turns:
            - user: ${JSON.stringify(FOUR_INTENTS[flow]![0])}
              expect: { intent: ${flow} }
    `;
  }
  return loadWorkspace(files);
}
