/**
 * The studio's client of the server's change requests
 * (docs/reference/server-api.md, "Change requests"): list, one change's
 * details, its diff and behaviour diff, the review actions, and starting the
 * simulation that becomes its evidence.
 *
 * Every answer is a result, never a throw: a refusal carries the server's own
 * sentence (`error`) and status, which the review page shows as it is. The
 * server decides everything; this module only carries requests and checks
 * that answers have the shape the page reads.
 */
import { CHANGE_STATES, type Approval, type ApprovalStatus, type ChangeState, type EvidenceSummary, type EvidenceVerdict, type Requirement } from '@colloquy/governance';
import type { BehaviourDiff } from '@colloquy/simulator';
import type { SimulationNotice, SimulationRequest, SimulationsApi, SimulationState } from '../../api/SimulationsApi.ts';
import { changePath } from '../../api/ChangeRequestApi.ts';
import { callJson, malformed, type Answer } from '../../api/jsonCall.ts';

export type { ChangeState };

export interface ChangeSummary {
  readonly id: string;
  readonly title: string;
  readonly author: string;
  readonly created: string;
  readonly state: ChangeState;
}

/** How an evidence report was run (the server's `evidence.run`, from the report's `run` section). */
export interface EvidenceRun {
  /** The generators that ran, in run order. */
  readonly generators: readonly string[];
  readonly perIntent: number;
  readonly seed: string;
  /** `lexical`, or a model recognizer's name. */
  readonly recognizer: string;
  /** The model id; null for the lexical recognizer. */
  readonly model: string | null;
  /** Flows whose cases were made with their own settings (a test file's `simulate:` block). */
  readonly flowsWithOwnSettings: readonly string[];
}

export type ChangeEvidence = EvidenceSummary & { readonly verdict: EvidenceVerdict; readonly minGeneratedPassRate: number; readonly run: EvidenceRun };

export interface ChangeDetails extends ChangeSummary {
  readonly contentHash: string;
  readonly files: readonly { readonly path: string; readonly status: FileDiff['status'] }[];
  readonly required: readonly Requirement[];
  readonly approval: ApprovalStatus;
  readonly approvals: readonly Approval[];
  readonly conflicts: readonly string[];
  readonly evidence: ChangeEvidence | null;
  readonly baseMoved: boolean;
}

export interface FileDiff {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted';
  /** The published content; null when the change adds the file. */
  readonly before: string | null;
  /** The change's content; null when the change deletes the file. */
  readonly after: string | null;
}

/** The review actions a reviewer takes on this page (they need a rationale). */
export type ReviewVerb = 'approve' | 'request_changes' | 'reject';
/** The change request's own moves: the author's submit and withdraw, the operations manager's publish. */
export type LifecycleVerb = 'submit' | 'withdraw' | 'publish';
export type ChangeAction = ReviewVerb | LifecycleVerb;

export type { Answer, Refused } from '../../api/jsonCall.ts';

export interface ChangesApi {
  list(): Promise<Answer<{ readonly changes: readonly ChangeSummary[] }>>;
  details(id: string): Promise<Answer<{ readonly details: ChangeDetails }>>;
  diff(id: string): Promise<Answer<{ readonly files: readonly FileDiff[] }>>;
  /** 404 until a simulation of the change's current content and the published one are both done. */
  behaviourDiff(id: string): Promise<Answer<{ readonly diff: BehaviourDiff }>>;
  /** `rationale` is required for the review verbs and optional for the others. */
  act(id: string, action: ChangeAction, asRole: string, rationale?: string): Promise<Answer<{ readonly change: ChangeSummary }>>;
  /** Starts the simulation of the change's content (its evidence); followed like any run. */
  simulate(id: string, request: SimulationRequest): Promise<Answer<{ readonly id: string; readonly state: SimulationState }>>;
}

export function isChangeState(value: unknown): value is ChangeState {
  return CHANGE_STATES.includes(value as ChangeState);
}

/** The API over `fetcher` (the session's: CSRF header, a 401 signs out), relative to `base`. */
export class HttpChangesApi implements ChangesApi {
  constructor(
    private readonly base = '',
    private readonly fetcher: (input: string, init?: RequestInit) => Promise<Response> = (input, init) => fetch(input, init),
  ) {}

  private call(method: string, url: string, body?: unknown): Promise<Answer<{ body: unknown }>> {
    return callJson(this.fetcher, method, this.base + url, body);
  }

  async list(): Promise<Answer<{ changes: readonly ChangeSummary[] }>> {
    const answer = await this.call('GET', '/api/changes');
    if (!answer.ok) return answer;
    if (!Array.isArray(answer.body) || !answer.body.every(isSummary)) return malformed('GET /api/changes');
    return { ok: true, changes: answer.body };
  }

  async details(id: string): Promise<Answer<{ details: ChangeDetails }>> {
    const answer = await this.call('GET', changePath(id));
    if (!answer.ok) return answer;
    const body = answer.body as Partial<ChangeDetails>;
    if (!isSummary(answer.body) || typeof body.contentHash !== 'string' || !Array.isArray(body.files) || !Array.isArray(body.required) || typeof body.approval !== 'object' || !Array.isArray(body.approvals)) {
      return malformed('GET /api/changes/:id');
    }
    return { ok: true, details: body as ChangeDetails };
  }

  async diff(id: string): Promise<Answer<{ files: readonly FileDiff[] }>> {
    const answer = await this.call('GET', `${changePath(id)}/diff`);
    if (!answer.ok) return answer;
    if (!Array.isArray(answer.body) || !answer.body.every(isFileDiff)) return malformed('GET /api/changes/:id/diff');
    return { ok: true, files: answer.body };
  }

  async behaviourDiff(id: string): Promise<Answer<{ diff: BehaviourDiff }>> {
    const answer = await this.call('GET', `${changePath(id)}/behaviour-diff`);
    if (!answer.ok) return answer;
    const diff = (answer.body as { diff?: Partial<BehaviourDiff> }).diff;
    if (!diff || !Array.isArray(diff.changed) || typeof diff.counts !== 'object') return malformed('GET /api/changes/:id/behaviour-diff');
    return { ok: true, diff: diff as BehaviourDiff };
  }

  async act(id: string, action: ChangeAction, asRole: string, rationale?: string): Promise<Answer<{ change: ChangeSummary }>> {
    const answer = await this.call('POST', `${changePath(id)}/actions`, { action, asRole, ...(rationale === undefined ? {} : { rationale }) });
    if (!answer.ok) return answer;
    return isSummary(answer.body) ? { ok: true, change: answer.body } : malformed('POST /api/changes/:id/actions');
  }

  async simulate(id: string, request: SimulationRequest): Promise<Answer<{ id: string; state: SimulationState }>> {
    // Evidence covers the whole workspace: the server takes no `flow` here.
    const { flow: _flow, ...body } = request;
    const answer = await this.call('POST', `${changePath(id)}/simulations`, body);
    if (!answer.ok) return answer;
    const { id: runId, state } = answer.body as { id?: unknown; state?: unknown };
    if (typeof runId !== 'string' || typeof state !== 'string') return malformed('POST /api/changes/:id/simulations');
    return { ok: true, id: runId, state: state as SimulationState };
  }

}

/**
 * The simulations API with `start` aimed at one change request
 * (`POST /api/changes/:id/simulations`); status, report, cancel and progress
 * are the runs' own routes and socket messages. So the Simulate tab's
 * `SimulationRunner` follows a change's run unchanged.
 */
export function changeSimulations(runs: SimulationsApi, changes: ChangesApi, changeId: string): SimulationsApi {
  return {
    start: (request) => changes.simulate(changeId, request),
    status: (id) => runs.status(id),
    report: (id) => runs.report(id),
    cancel: (id) => runs.cancel(id),
    subscribe: (listener: (notice: SimulationNotice) => void) => runs.subscribe(listener),
  };
}

function isSummary(value: unknown): value is ChangeSummary {
  const v = value as Partial<ChangeSummary> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.title === 'string' && typeof v.author === 'string' && isChangeState(v.state);
}

function isFileDiff(value: unknown): value is FileDiff {
  const v = value as Partial<FileDiff> | null;
  const side = (s: unknown) => s === null || typeof s === 'string';
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && ['added', 'modified', 'deleted'].includes(v.status as string) && side(v.before) && side(v.after);
}
