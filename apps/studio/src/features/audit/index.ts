/**
 * The audit feature: the audit log for operations managers and responsible-AI
 * leads. A timeline filtered by actor, action, change request and time, each
 * record expandable to its hashes, files and evidence; "Verify" checks the
 * log's own bytes in the browser with governance's verifyLog (pure SHA-256
 * and Ed25519); "Export bundle" downloads a change request's evidence bundle.
 *
 * Provides: `AuditView` (lazy-loadable: `AuditView.tsx` is its default export),
 * and the DOM-free pieces (`headless.ts`).
 * Needs: the session's fetch (`/api/audit/*`, docs/reference/server-api.md), the
 * store's signed-in account (what to offer; the server decides), `@colloquy/governance`.
 * It uses no other studio feature.
 */
export { default as AuditView, type AuditViewProps } from './AuditView.tsx';
export * from './headless.ts';
