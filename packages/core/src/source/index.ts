export { parseYaml, type ParsedYaml } from './parseYaml.ts';
export { SourceDocument, type PathSegment } from './sourceDocument.ts';
export { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
export { formatBytes } from './decodeText.ts';
export { minimalEdit, type TextEdit } from './minimalEdit.ts';
