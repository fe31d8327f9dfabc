/// <reference lib="webworker" />
/** The validation worker: core's incremental `WorkspaceValidator` over every buffer, off the main thread. */
import { WorkspaceValidator } from '@colloquy/core';
import type { ToValidator } from './protocol.ts';
import { handleValidatorMessage } from './validationCore.ts';

const validator = new WorkspaceValidator();
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ToValidator>) => {
  scope.postMessage(handleValidatorMessage(validator, event.data));
};
