/** Messages between the page and the validation worker. */
import type { Diagnostic } from '@colloquy/core';

export type ToValidator =
  /** Files added or changed (`text`) and removed since the last message, then validate. */
  { readonly type: 'validate'; readonly seq: number; readonly set: readonly { path: string; text: string }[]; readonly removed: readonly string[] };

export type FromValidator =
  | { readonly type: 'diagnostics'; readonly seq: number; readonly diagnostics: readonly Diagnostic[]; readonly millis: number }
  | { readonly type: 'failed'; readonly seq: number; readonly message: string };
