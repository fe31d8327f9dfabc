import { evidenceReportHash, type JsonObject } from '../../src/index.ts';
import { nativeSha256 } from '../../src/node/index.ts';

/**
 * A report in the shape the simulator writes (format, version, run, summary),
 * with its `reportHash` set the way the simulator sets it. Governance cannot
 * import the simulator; the CLI's tests store a report `colloquy simulate`
 * really wrote.
 */
export function simulationReport(seed: string, generatedRate = 92.5): JsonObject {
  const body: JsonObject = {
    version: 2,
    format: 'colloquy.simulation-report',
    run: { recognizer: 'lexical', model: null, weightsHash: null, seed, generators: ['typos', 'negation'], perIntent: 4, flow: null, today: '2026-11-23', workspaceHash: 'ab'.repeat(32) },
    summary: { scripted: { total: 3, passed: 3, failed: 0, rate: 100 }, generated: { total: 40, passed: 37, failed: 3, rate: generatedRate } },
    failing: [{ id: `${seed}-typos-1`, utterance: 'I lost my crad', intents: ['card_lost'], confidence: 0.42 }],
  };
  return { ...body, reportHash: evidenceReportHash(body, nativeSha256) };
}

/** As `colloquy simulate --format json -o` writes it: two-space indentation, a final newline. */
export function prettyJson(value: JsonObject): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
