/**
 * The life of a change request, as a table: which event moves it from which
 * state to which. Who may cause an event is decided elsewhere (reviewDecision.ts);
 * this says only what can follow what, with a message for what cannot.
 *
 *   draft ─submit─► in_review ─(approvals complete)─► approved ─publish─► published
 *     ▲               │  ▲                              │
 *     │ (edit)        │  └──────────── edit ────────────┘  (an approval binds to the content)
 *     │               ├─request_changes─► changes_requested ─submit─► in_review
 *     │               └─reject─► rejected
 *   withdraw: from draft, in_review, changes_requested or approved, by the author.
 */
export const CHANGE_STATES = ['draft', 'in_review', 'approved', 'changes_requested', 'rejected', 'published', 'withdrawn'] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

export const CHANGE_EVENTS = ['edit', 'submit', 'approvals_complete', 'request_changes', 'reject', 'publish', 'withdraw'] as const;
export type ChangeEvent = (typeof CHANGE_EVENTS)[number];

/** States nothing leaves. */
export const FINAL_STATES: readonly ChangeState[] = ['rejected', 'published', 'withdrawn'];

const NEXT: Readonly<Record<ChangeState, Partial<Record<ChangeEvent, ChangeState>>>> = {
  draft: { edit: 'draft', submit: 'in_review', withdraw: 'withdrawn' },
  changes_requested: { edit: 'changes_requested', submit: 'in_review', withdraw: 'withdrawn' },
  // An edit during review keeps it in review; approvals given for the old content no longer count.
  in_review: { edit: 'in_review', approvals_complete: 'approved', request_changes: 'changes_requested', reject: 'rejected', withdraw: 'withdrawn' },
  // An edit after approval sends it back to review: the approval was for other content.
  approved: { edit: 'in_review', publish: 'published', request_changes: 'changes_requested', withdraw: 'withdrawn' },
  rejected: {},
  published: {},
  withdrawn: {},
};

export type Transition = { readonly ok: true; readonly state: ChangeState } | { readonly ok: false; readonly reason: string };

export function transition(state: ChangeState, event: ChangeEvent): Transition {
  const next = NEXT[state][event];
  if (next !== undefined) return { ok: true, state: next };
  return { ok: false, reason: refusal(state, event) };
}

function refusal(state: ChangeState, event: ChangeEvent): string {
  if (FINAL_STATES.includes(state)) return `the change request is ${state.replace('_', ' ')}: nothing more can happen to it (start a new one)`;
  const allowed = Object.keys(NEXT[state]).filter((e) => e !== 'approvals_complete');
  const what: Record<ChangeEvent, string> = {
    edit: 'edited',
    submit: 'submitted',
    approvals_complete: 'approved',
    request_changes: 'sent back for changes',
    reject: 'rejected',
    publish: 'published',
    withdraw: 'withdrawn',
  };
  const hint: Partial<Record<ChangeEvent, string>> = {
    publish: 'only an approved change request can be published',
    submit: 'only a draft, or one sent back for changes, can be submitted',
    reject: 'only a change request in review can be rejected',
    request_changes: 'only a change request in review or approved can be sent back for changes',
  };
  return `a change request that is ${state.replace('_', ' ')} cannot be ${what[event]}${hint[event] ? ` (${hint[event]})` : ''}; it can be: ${allowed.map((e) => what[e as ChangeEvent]).join(', ')}`;
}
