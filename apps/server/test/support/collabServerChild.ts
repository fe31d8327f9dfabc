/**
 * Child process of the collaboration crash test: serves the workspace argv[2]
 * on 127.0.0.1 port argv[3] (accounts made by the test, cheap hashing) and
 * prints `listening` once it does. The test kills it with SIGKILL.
 */
import { createServer } from '../../src/index.ts';
import { TEST_HASHING } from './testServer.ts';

const [root, port] = process.argv.slice(2) as [string, string];
await createServer({ root, port: Number(port), studioDir: `${root}/../no-studio`, passwordHashing: TEST_HASHING, collab: { materialiseDelayMs: 100 } });
process.stdout.write('listening\n');
