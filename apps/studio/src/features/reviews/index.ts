/**
 * The reviews feature: change requests listed by state and the review page of
 * one (each changed file in Monaco's diff editor, validation of the change's
 * content, the simulation evidence and behaviour diff, approvals required and
 * given, approve / request changes / reject with a rationale). See README.md.
 *
 * Provides: `ReviewsView` (lazy-loadable from `ReviewsView.tsx`, which the
 * shell uses) and the DOM-free client and model (`headless.ts`).
 * Needs: the session's fetch, the simulations API (the runs' status, report,
 * cancel and progress from the events socket), the store (the signed-in
 * account, the published files as saved); the shell's Monaco (`editor/monacoSetup`),
 * the simulate feature's `SimulationRunner` (through its `headless.ts`),
 * `@colloquy/core`, `governance`, `simulator`.
 */
export { default as ReviewsView, type ReviewsViewProps } from './ReviewsView.tsx';
export * from './headless.ts';
