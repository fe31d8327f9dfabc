/**
 * Child process of the crash test: appends records to the audit log in
 * argv[2] as fast as it can and prints `acked <seq>` after each append
 * resolves (the moment the server would report the action done), until it is
 * killed. Big records make a kill in the middle of a write likelier.
 */
import { FileAuditLog } from '../../src/node/index.ts';
import { entry, TEST_SIGNER } from './auditLogs.ts';

const log = await FileAuditLog.open({ dir: process.argv[2]!, signer: TEST_SIGNER, checkpointDelayMs: 5 });
const padding = 'x'.repeat(Number(process.argv[3] ?? 16_384));
for (let n = log.size; ; n++) {
  const record = await log.append({ ...entry(n), details: { padding } });
  process.stdout.write(`acked ${record.seq}\n`);
}
