import type { Severity } from '../diagnostic.ts';

/**
 * What the docs and the studio say about a diagnostic code. Codes are stable:
 * once shipped, a code keeps its meaning forever (users silence and search for
 * them); retire a code rather than reuse it.
 */
export interface CodeInfo {
  /** Short title, e.g. "Unreachable node". */
  readonly title: string;
  readonly severity: Severity;
  /** What to do about it, one or two sentences for the designer. */
  readonly help: string;
}

export function defineCodes<const T extends Record<string, CodeInfo>>(codes: T): T {
  return codes;
}
