import type { Workspace } from '@colloquy/core';
import type { SyncRecognizer } from '../recognizer.ts';
import { workspaceIntents, workspaceThresholds } from '../training/workspaceTraining.ts';
import { createLexicalRecognizer } from './createLexicalRecognizer.ts';

/** The lexical recognizer trained on every intent of the workspace's flows, with the agent's threshold and margin. */
export function lexicalRecognizerForWorkspace(workspace: Workspace): SyncRecognizer {
  return createLexicalRecognizer({ intents: workspaceIntents(workspace), ...workspaceThresholds(workspace) });
}
