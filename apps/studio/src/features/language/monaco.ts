/**
 * The language feature's Monaco wiring, for the editor to install once per
 * Monaco: definition, references, rename and document-symbol providers over a
 * `LiveSymbolIndex`, and the palette commands that run them. The editor-free
 * functions they answer with are in `index.ts`.
 */
export { registerLanguageFeatures } from './languageFeatures.ts';
export { registerSymbolCommands } from './symbolCommands.ts';
