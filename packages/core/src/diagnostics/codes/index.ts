import type { CodeInfo } from './codeInfo.ts';
import { graphCodes } from './graph.ts';
import { policyCodes } from './policy.ts';
import { referenceCodes } from './references.ts';
import { rulesCodes } from './rules.ts';
import { syntaxCodes } from './syntax.ts';

export type { CodeInfo } from './codeInfo.ts';

/** Every diagnostic code, with its title, default severity and help text. */
export const DIAGNOSTIC_CODES = {
  ...syntaxCodes,
  ...referenceCodes,
  ...graphCodes,
  ...rulesCodes,
  ...policyCodes,
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function codeInfo(code: DiagnosticCode): CodeInfo {
  return DIAGNOSTIC_CODES[code];
}
