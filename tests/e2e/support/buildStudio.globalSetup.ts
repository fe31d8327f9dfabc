/**
 * Before any browser test: make sure apps/studio/dist is a build of the current
 * source (rebuilding only when it is stale), so the e2e suite always tests the
 * code in the tree, in CI and locally.
 */
import { buildStudio } from '../../../scripts/build-studio.ts';

export default async function setup(): Promise<void> {
  await buildStudio({ log: (line) => void process.stderr.write(`${line}\n`) });
}
