import type { WorkspaceInfo } from '../events.ts';
import type { RecognizerDescriptions } from '../simulation/RecognizerDescriptions.ts';
import type { SimulationRuns } from '../simulation/SimulationRuns.ts';
import type { ChangeFeed } from '../workspace/ChangeFeed.ts';
import type { FileStore } from '../workspace/fileStore.ts';
import type { WorkspaceValidation } from '../workspace/WorkspaceValidation.ts';

/** The services routes use, wired once in app.ts (the composition root) and passed in. */
export interface ServerContext {
  readonly store: FileStore;
  readonly feed: ChangeFeed;
  readonly validation: WorkspaceValidation;
  readonly simulations: SimulationRuns;
  readonly recognizer: RecognizerDescriptions;
  info(): Promise<WorkspaceInfo>;
}
