import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvidenceReport, evidenceReportHash, EvidenceError, parseEvidenceReport, pureSha256 } from '../src/index.ts';
import { FileEvidenceStore, nativeSha256 } from '../src/node/index.ts';
import { tempDir } from './support/auditLogs.ts';
import { prettyJson, simulationReport } from './support/reports.ts';

async function refused(promise: Promise<unknown>): Promise<EvidenceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EvidenceError);
  return error as EvidenceError;
}

describe('the report hash', () => {
  it('is SHA-256 of the canonical JSON without `reportHash` (known answer, computed with sha256sum)', () => {
    // printf '%s' '{"format":"colloquy.simulation-report","run":{"seed":"s1","workspaceHash":null},"summary":{"rate":91.5},"version":2}' | sha256sum
    const expected = '35666b791b281c0d1bb046d2733a8c602cce9ded29f4891597047b55af09c3e1';
    const report = { version: 2, summary: { rate: 91.5 }, run: { workspaceHash: null, seed: 's1' }, format: 'colloquy.simulation-report', reportHash: 'ignored' };
    expect(evidenceReportHash(report)).toBe(expected);
    expect(evidenceReportHash(report, nativeSha256)).toBe(expected);
    expect(checkEvidenceReport({ ...report, reportHash: expected })).toMatchObject({ ok: true, reportHash: expected });
  });

  it('is over the content, not the bytes: pretty and compact forms check alike; any edit does not', () => {
    const report = simulationReport('s1');
    expect(parseEvidenceReport(prettyJson(report), pureSha256)).toMatchObject({ ok: true, reportHash: report['reportHash'] });
    expect(parseEvidenceReport(JSON.stringify(report))).toMatchObject({ ok: true });
    const edited = prettyJson(report).replace('"rate": 92.5', '"rate": 95');
    expect(parseEvidenceReport(edited)).toMatchObject({ ok: false, kind: 'altered', reason: expect.stringMatching(/hashes to [0-9a-f]{64}, not to the [0-9a-f]{64} it claims/) });
    expect(parseEvidenceReport('{"reportHash": "abc"}')).toMatchObject({ ok: false, kind: 'invalid' });
    expect(parseEvidenceReport('[1]')).toMatchObject({ ok: false, kind: 'invalid', reason: 'not a JSON object' });
    expect(parseEvidenceReport('{"report')).toMatchObject({ ok: false, kind: 'invalid', reason: expect.stringMatching(/^not JSON/) });
    expect(parseEvidenceReport(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, kind: 'invalid' });
  });
});

describe('the file evidence store', () => {
  it('keeps a report under its own hash, byte for byte, and reads it back checked', async () => {
    const workspace = await tempDir();
    const store = FileEvidenceStore.forWorkspace(workspace);
    const report = simulationReport('s1');
    const text = prettyJson(report);
    const hash = await store.put(text);
    expect(hash).toBe(report['reportHash']);
    const path = join(workspace, '.colloquy', 'evidence', `${hash}.json`);
    expect(await readFile(path, 'utf8')).toBe(text);
    // Nothing but the report is left in the folder (the temporary file was renamed).
    expect(await readdir(store.dir)).toEqual([`${hash}.json`]);
    const stored = await store.get(hash);
    expect(new TextDecoder().decode(stored.bytes)).toBe(text);
    expect(stored.report).toEqual(report);
    // Storing it again (in another form) is harmless.
    expect(await store.put(new TextEncoder().encode(JSON.stringify(report)))).toBe(hash);
    expect((await store.get(hash)).report).toEqual(report);
  });

  it('refuses a report whose hash is not its content’s, or that is not a report, and writes nothing', async () => {
    const store = new FileEvidenceStore(join(await tempDir(), 'evidence'));
    const edited = prettyJson(simulationReport('s1')).replace('"passed": 37', '"passed": 40');
    expect(await refused(store.put(edited))).toMatchObject({ kind: 'altered', message: expect.stringMatching(/not stored as evidence: the report is inconsistent .*edited after the simulation wrote it/) });
    expect(await refused(store.put('not json'))).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not stored as evidence: the report is not JSON/) });
    expect(await readdir(store.dir).catch(() => [])).toEqual([]);
  });

  it('names a missing report, an evidence file edited on disk, and one swapped for another report', async () => {
    const store = FileEvidenceStore.forWorkspace(await tempDir());
    const first = await store.put(prettyJson(simulationReport('s1')));
    const second = await store.put(prettyJson(simulationReport('s2', 80)));
    expect(await refused(store.get('0'.repeat(64)))).toMatchObject({ kind: 'missing', message: expect.stringMatching(/no evidence report 0{64}/) });
    expect(await refused(store.get('../../etc/passwd'))).toMatchObject({ kind: 'missing' });

    const firstPath = join(store.dir, `${first}.json`);
    const original = await readFile(firstPath, 'utf8');
    await writeFile(firstPath, original.replace('"rate": 92.5', '"rate": 99.5'));
    expect(await refused(store.get(first))).toMatchObject({ kind: 'altered', message: expect.stringMatching(new RegExp(`${first}\\.json was edited \\(its content hashes to`)) });

    // A consistent report under another report's name: replaced.
    await rename(join(store.dir, `${second}.json`), firstPath);
    expect(await refused(store.get(first))).toMatchObject({ kind: 'altered', message: expect.stringMatching(new RegExp(`holds report ${second}, not the one it is named after`)) });
  });
});
