/**
 * The reviews feature without its views: the change-requests client and the
 * review page's model (groups by state, the review buttons with governance's
 * reasons, approvals, evidence, validation of the change's content).
 * DOM-free, so Node tests and other code can use it.
 */
export {
  HttpChangesApi,
  changeSimulations,
  isChangeState,
  type Answer,
  type ChangeDetails,
  type ChangeEvidence,
  type EvidenceRun,
  type ChangeState,
  type ChangeSummary,
  type ChangesApi,
  type FileDiff,
  type Refused,
  type ChangeAction,
  type LifecycleVerb,
  type ReviewVerb,
} from './changesApi.ts';
export {
  LIFECYCLE_LABEL,
  LIFECYCLE_VERBS,
  REVIEW_VERBS,
  STATE_LABEL,
  STATE_ORDER,
  VERB_LABEL,
  approvalsView,
  conflictsSentence,
  evidenceView,
  groupByState,
  lifecycleControls,
  overlay,
  rationaleProblem,
  reviewControls,
  sentence,
  validateChange,
  type ApprovalRow,
  type ApprovalsView,
  type ChangeValidation,
  type EvidenceView,
  type LifecycleControl,
  type ReviewControl,
  type ReviewControls,
  type StateGroup,
} from './reviewModel.ts';
export { REFRESH_DELAY_MS, followChangeRequests, type ReviewRefresh, type ServerEventSource } from './liveReviews.ts';
