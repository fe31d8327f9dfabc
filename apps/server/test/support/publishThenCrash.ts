/**
 * Child process of the publish crash test: publishes the change request
 * argv[3] of the workspace argv[2], and kills itself with SIGKILL right after
 * the argv[4]-th file is moved into place (0: never).
 */
import { ChangeRequestStore } from '../../src/changes/ChangeRequestStore.ts';

const [root, id, crashAfter] = process.argv.slice(2) as [string, string, string];
const store = new ChangeRequestStore(root, {
  afterMove: (done) => {
    if (done === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
const meta = await store.get(id);
if (!meta) throw new Error(`no ${id}`);
await store.publish(meta);
process.stdout.write('published\n');
