/**
 * Limits that keep a hostile or broken file from hanging or crashing the
 * parser. Each default is generous for real flows and small enough that the
 * worst case stays fast on a laptop.
 */
export interface ParseLimits {
  /**
   * Largest file parsed, in bytes. Default 2 MiB: the largest realistic flow is
   * a few thousand lines (~150 KB); above 2 MiB a file is almost certainly not a
   * hand-written flow, and the YAML parser needs ~1 s per MiB on a slow machine.
   */
  readonly maxBytes: number;
  /** Deepest nesting of mappings and lists. Default 64; real files nest fewer than 10 deep. */
  readonly maxDepth: number;
  /**
   * Most values produced when expanding aliases, as a multiple of the nodes
   * written in the file (plus a constant). Bounds "billion laughs" documents,
   * where a few lines of aliases expand to billions of values.
   */
  readonly maxExpansionFactor: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
  maxExpansionFactor: 10,
};
