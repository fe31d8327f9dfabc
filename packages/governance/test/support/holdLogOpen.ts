/**
 * Child process of the writer-lock test: opens the audit log in argv[2],
 * prints `open <pid>`, and keeps it open until it is killed (as a running
 * server does).
 */
import { FileAuditLog } from '../../src/node/index.ts';
import { TEST_SIGNER } from './auditLogs.ts';

await FileAuditLog.open({ dir: process.argv[2]!, signer: TEST_SIGNER });
process.stdout.write(`open ${process.pid}\n`);
setInterval(() => undefined, 60_000);
