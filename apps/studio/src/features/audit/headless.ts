/** The audit feature without DOM or Solid: its API client, the timeline's model and verification in the browser. */
export { AuditApi, type AuditPage, type ExportedBundle, type Fetch, type RawAuditLog, type Result } from './auditApi.ts';
export { AUDIT_ACTIONS, EMPTY_FILTER, filterQuery, PAGE_SIZE, recordDetails, recordRow, type AuditFilterForm, type DetailRow, type RecordDetails, type RecordRow } from './auditTimeline.ts';
export { verifyFetchedLog, type VerificationSummary } from './logVerification.ts';
