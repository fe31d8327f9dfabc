/**
 * Child process of the crash test (crash.test.ts): one editor typing into the
 * live document `file/flows/crash.yaml` in the folder argv[2] as fast as the
 * storage takes it, until it is killed. Each edit appends a token
 * `[<run>-<n>]` plus padding (big records make a kill in the middle of a write
 * likelier); up to 8 appends are in flight at once, so group commit batches
 * them; every 40 edits the document is compacted with a state taken before the
 * latest batch (as a server whose document lags its log would). It prints
 * `acked <n>` once the append of edit n resolved: the moment the server would
 * relay the update to others.
 *
 * A SIGKILL never interrupts a write(2) to a regular file half way, so to get
 * the torn tails a power cut leaves (a prefix of a write on disk) the log's
 * writes are made in 512-byte pieces here, with a pause after the first that
 * is announced as `writing` on stdout: a kill then leaves a torn last record,
 * followed by the zeros the log made ahead of its appends. Compactions run
 * while appends carry on, so kills also land between their steps; the moment
 * a compaction has made its next log is announced as `next-log`, with a pause.
 */
import * as Y from 'yjs';
import { openDocumentStorage } from '../index.ts';
import { NODE_LOG_FS, type LogFileSystem } from '../UpdateLog.ts';

const PIECE_BYTES = 512;
const piecewise: LogFileSystem = {
  async open(path) {
    if (path.endsWith('.next.log')) {
      // A compaction made its next log and is about to move the appends to it: announced, with a pause for a kill.
      process.stdout.write('next-log\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const handle = await NODE_LOG_FS.open(path);
    return {
      writesAreDurable: handle.writesAreDurable,
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
      async write(data, position) {
        // Zeros made ahead of appends (one write: a kill leaves zeros either way).
        if (data.every((byte) => byte === 0)) return handle.write(data, position);
        for (let offset = 0; offset < data.length; offset += PIECE_BYTES) {
          await handle.write(data.subarray(offset, offset + PIECE_BYTES), position + offset);
          if (offset === 0 && data.length > PIECE_BYTES) {
            process.stdout.write('writing\n');
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      },
    };
  },
};

const [dir, run] = [process.argv[2]!, process.argv[3]!];
const storage = await openDocumentStorage(dir, 'file/flows/crash.yaml', { fs: piecewise });
const doc = new Y.Doc();
for (const update of await storage.load()) Y.applyUpdate(doc, update);
const text = doc.getText('content');
const padding = 'x'.repeat(8_192);
let latest: Uint8Array = new Uint8Array();
doc.on('update', (update: Uint8Array) => (latest = update));

for (let n = 0; ; ) {
  const stale = Y.encodeStateAsUpdate(doc);
  const batch: Promise<void>[] = [];
  for (let i = 0; i < 8; i++, n++) {
    const edit = n;
    text.insert(text.length, `[${run}-${edit}]${padding}\n`);
    batch.push(storage.append(latest).then(() => void process.stdout.write(`acked ${edit}\n`)));
  }
  await Promise.all(batch);
  if (n % 40 === 0) await storage.compact(stale);
}
