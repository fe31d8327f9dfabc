/** Messages between the page and the model recognizer worker (recognizer.worker.ts, recognizerCore.ts). */
import type { Recognition } from '@colloquy/nlu';

export type ToRecognizer =
  /** Buffers added or changed (`text`) and removed since the last message; the worker retrains after a quiet pause. */
  | { readonly type: 'sync'; readonly set: readonly { path: string; text: string }[]; readonly removed: readonly string[] }
  /** Recognise `texts` with a classifier trained on the files synced so far (training first if they changed). */
  | { readonly type: 'recognize'; readonly seq: number; readonly texts: readonly string[] };

export type FromRecognizer =
  /** The sentence encoder is loaded: its id and the sha256 of its weights. */
  | { readonly type: 'loaded'; readonly model: string; readonly weightsSha256: string }
  /** The model could not be loaded (the worker stays up and answers every recognition with `error`). */
  | { readonly type: 'loadFailed'; readonly message: string }
  /** A classifier is trained on the synced files (or the one trained before on the same intents is back in use). */
  | { readonly type: 'trained'; readonly intents: number; readonly examples: number }
  /** Training on the synced files failed; recognitions answer `error` until a later sync trains. */
  | { readonly type: 'trainFailed'; readonly message: string }
  | { readonly type: 'recognized'; readonly seq: number; readonly recognitions: readonly Recognition[] }
  | { readonly type: 'recognized'; readonly seq: number; readonly error: string };
