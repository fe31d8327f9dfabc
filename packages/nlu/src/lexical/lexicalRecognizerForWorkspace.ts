import type { Workspace } from '@colloquy/core';
import type { NluFunction, SyncRecognizer } from '../recognizer.ts';
import { workspaceIntents, workspaceThresholds } from '../training/workspaceTraining.ts';
import { createLexicalRecognizer } from './createLexicalRecognizer.ts';

/** The lexical recognizer trained on every intent of the workspace's flows, with the agent's threshold and margin. */
export function lexicalRecognizerForWorkspace(workspace: Workspace): SyncRecognizer {
  return createLexicalRecognizer({ intents: workspaceIntents(workspace), ...workspaceThresholds(workspace) });
}

/**
 * What the conversation engine and the simulator take (`new ConversationEngine(workspace,
 * lexicalNlu(workspace))`, `runTests(workspace, { nlu: lexicalNlu(workspace) })`): the
 * workspace's lexical recognizer, answering synchronously. Slot values are not its job: the
 * engine extracts them from the answer to each question with `extractSlot`. `colloquy chat`,
 * `colloquy test`, Try-it and the studio's test run all build their NLU here, so they
 * recognise exactly the same.
 */
export function lexicalNlu(workspace: Workspace): NluFunction {
  const recognizer = lexicalRecognizerForWorkspace(workspace);
  return (text) => recognizer.recognizeSync(text);
}
