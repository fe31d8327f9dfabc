/**
 * What the validation worker does, without the worker: apply a message to a
 * `WorkspaceValidator` and answer. Kept apart so it is tested in Node.
 */
import { WorkspaceValidator } from '@colloquy/core';
import type { FromValidator, ToValidator } from './protocol.ts';

export function handleValidatorMessage(validator: WorkspaceValidator, message: ToValidator, now: () => number = () => performance.now()): FromValidator {
  const started = now();
  try {
    for (const path of message.removed) validator.delete(path);
    for (const file of message.set) validator.set(file.path, file.text);
    const { diagnostics } = validator.validate();
    return { type: 'diagnostics', seq: message.seq, diagnostics, millis: now() - started };
  } catch (error) {
    // A validator bug must not take the editor down; it is reported in Output.
    return { type: 'failed', seq: message.seq, message: error instanceof Error ? error.message : String(error) };
  }
}
