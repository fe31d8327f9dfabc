/**
 * Language features for Colloquy files, independent of any editor: a symbol
 * index of the workspace, go to definition, find references, rename, the
 * document outline and quick open. No Monaco here: the shell wires these into
 * Monaco's providers (README.md shows how). Shared code: no DOM, no `node:*`.
 */
export { SymbolIndex, createSymbolIndex, offsetAt, type FileSymbols } from './symbolIndex.ts';
export { LiveSymbolIndex, isIndexedPath, type BufferLike, type BufferSource, type LiveSymbolIndexOptions } from './LiveSymbolIndex.ts';
export { definitionAt } from './definitions.ts';
export { referencesAt, type ReferencesOptions } from './references.ts';
export {
  prepareRenameAt,
  renameAt,
  RENAMEABLE_KINDS,
  SYMBOL_KIND_NAMES,
  type PrepareRenameResult,
  type RenameFailureReason,
  type RenameResult,
  type TextEdit,
} from './rename.ts';
export { applyEdits, reverseEdits } from './applyEdits.ts';
export { outlineOf, outlineOfFile, type OutlineKind, type OutlineSymbol } from './outline.ts';
export {
  quickOpen,
  searchFiles,
  searchSymbols,
  type FileMatch,
  type QuickOpenItem,
  type QuickOpenOptions,
  type SymbolMatch,
  type SymbolSearchOptions,
} from './workspaceSymbols.ts';
export { fuzzyMatch, type FuzzyMatch, type MatchTier } from './fuzzyMatch.ts';
export type {
  Binding,
  FlowHint,
  SymbolDefinition,
  SymbolId,
  SymbolKind,
  SymbolLocation,
  SymbolOccurrence,
  SymbolReference,
  TextPosition,
} from './types.ts';
