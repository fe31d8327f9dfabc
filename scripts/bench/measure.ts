/** Small timing helpers for benchmarks: run, repeat, take the median and p95. */
export interface Timing {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
}

export function timeRuns(runs: number, body: () => void): Timing {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { runs, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), minMs: round(samples[0]!) };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
