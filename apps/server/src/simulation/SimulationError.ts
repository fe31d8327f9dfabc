/**
 * Expected failures of the simulation and recognizer routes, as one named
 * error with a code; http/errorResponse.ts gives each code its status, as it
 * does for StoreError.
 */
export type SimulationErrorCode =
  /** No run has this id (never existed, or forgotten: only the last runs are kept). */
  | 'not-found'
  /** The run has no report: it is still queued or running, or it failed or was cancelled. */
  | 'no-report'
  /** Cancelling a run that has already ended. */
  | 'finished'
  /** Too many runs are waiting already. */
  | 'queue-full';

export class SimulationError extends Error {
  override readonly name = 'SimulationError';

  constructor(
    readonly code: SimulationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
