/**
 * Change requests as the API serves them: everything a route does, without
 * HTTP. Each request is decided by @colloquy/governance (`decide` for edits
 * and the review actions, the roles table for the rest): this module gathers
 * what those rules need (the change's content hash, the approvals agent.yaml
 * requires, the evidence the server holds for that content) and carries out
 * what they allow. It never decides a rule itself.
 *
 * Audit: every state change and every refusal of a person's request is
 * appended to the audit log, and the append has resolved (it is on disk)
 * before the method returns or throws. Refusals with 403 are `auth.denied`,
 * others (409, 422) `change.refused`; both name the change, the action, the
 * role asked for and the reason. A lifecycle action is recorded before its
 * new state is saved, so nothing happens without a record; a publish is
 * recorded once its files are in place, with the git commit it made.
 *
 * Concurrency: requests about one change request run one at a time (a
 * KeyedLock on its id); publishes also one at a time (they share the
 * publish journal, and each one's conflict check must see the last one's files).
 *
 * Events: once an action that creates or edits a change request, or moves its state or approvals,
 * is recorded and saved, `subscribe`rs hear a ChangeRequestEvent (the events socket passes it on,
 * so open studios refresh their Reviews view).
 */
import {
  approvalStatus,
  decide,
  evidenceVerdict,
  permissionRefusal,
  requiredApprovals,
  rolesFor,
  transition,
  type Actor,
  type ApprovalStatus,
  type AuditLogStore,
  type ChangeSnapshot,
  type EvidenceSummary,
  type EvidenceVerdict,
  type FileChange,
  type JsonValue,
  type Permission,
  type Requirement,
  type ReviewAction,
  type Role,
} from '@colloquy/governance';
import { workspaceHash, type BehaviourDiff } from '@colloquy/simulator';
import type { ChangeRequestAction, ChangeRequestEvent } from '../events.ts';
import type { SimulationStatus } from '../simulation/SimulationRuns.ts';
import { KeyedLock } from '../workspace/KeyedLock.ts';
import { parseWorkspacePath, resolveWorkspacePath, type WorkspacePath } from '../workspace/paths.ts';
import { fromFsError } from '../workspace/storeError.ts';
import { versionOf } from '../workspace/version.ts';
import { approvalSettings, changedFile, evidenceRunSettings, type ApprovalSettings, type EvidenceRunOptions, type EvidenceRunSettings } from './approvalSettings.ts';
import { changeContent, publishedFiles, type ChangeContent } from './changeContent.ts';
import { ChangeError } from './ChangeError.ts';
import { ChangeRequestStore, type ChangeRequestMeta, type FileDiff } from './ChangeRequestStore.ts';
import type { EvidenceRunDescription } from './evidenceOfReport.ts';
import type { ChangeSimulations } from './ChangeSimulations.ts';
import { commitPublished, type CommitOutcome } from './gitCommit.ts';
import type { PublishedFiles } from './PublishedFiles.ts';

export interface ChangeRequestsOptions {
  /** The workspace folder (real path). */
  readonly root: string;
  readonly store: ChangeRequestStore;
  readonly audit: AuditLogStore;
  readonly simulations: ChangeSimulations;
  readonly published: PublishedFiles;
  /** Commit published files when the workspace is in a git repository. Default true. */
  readonly git?: boolean;
  readonly log: (message: string) => void;
}

/**
 * The live documents of change requests (collab/LiveDocuments), as this module needs them: before a
 * decision reads a change's content, `settle` holds that change's live updates, applies those in
 * flight and writes every changed text with `write`; `release` lets updates go on, checked against
 * the state the decision left. Both are called with the change's lock held.
 */
export interface LiveContent {
  settle(id: string, write: LiveWrite, recordAll: boolean): Promise<void>;
  /**
   * A file written (null: deleted) through the API by `editor`: its live document takes the same
   * text (stored first), or goes; then `commit` records the edit and writes it. When the live
   * document cannot take it, this rejects before `commit`, so no record claims an edit that did not happen.
   */
  edited<T>(id: string, path: string, content: string | null, editor: LiveEditor, commit: () => Promise<T>): Promise<T>;
  /**
   * File `from` renamed to `to` through the API (its content, settled, is `content`): its live document
   * goes with it (stored under `to`), then `commit` records the edit and saves it; if `commit` fails,
   * the document goes back. Clients of `from` are told (closed) once `release` has updated the index.
   */
  renamed<T>(id: string, from: string, to: string, content: string, commit: () => Promise<T>): Promise<T>;
  /** Lets updates go on; a change that ended (published, withdrawn) loses its live documents here. */
  release(id: string): Promise<void>;
}
/** An account and the role it edits in. */
export interface LiveEditor {
  readonly account: string;
  readonly role: Role;
}
/** Writes a live document's text to the change; `record`: append its `change.edited` record first. */
export type LiveWrite = (path: string, content: string, record: LiveEditRecord | null) => Promise<void>;
/** Live edits since the last record of a file: its version then, and who edited (sorted, with the role they edit in). */
export interface LiveEditRecord {
  readonly before: string | null;
  readonly editors: readonly LiveEditor[];
}

/** What one edit of a change's files changes (ChangeRequests.editFiles). */
interface FileEdit {
  /** The files as the `change.edited` record names them. */
  readonly files: FileChange[];
  /** Whether any of them is a policy file (then `policy.edited` too). */
  readonly policy: boolean;
  /** More for the record's details (beside the state). */
  readonly details?: Record<string, JsonValue>;
  /** Saves the change's files; answers the change after. */
  readonly save: (meta: ChangeRequestMeta) => Promise<ChangeRequestMeta>;
  /** Runs `commit` through the live documents (LiveContent.edited or .renamed). */
  readonly live: (live: LiveContent, editor: LiveEditor, commit: () => Promise<ChangeRequestMeta>) => Promise<ChangeRequestMeta>;
}

/** The method and path of the HTTP request, for the audit record of a refusal. */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
}

export interface ChangeSummary {
  readonly id: string;
  readonly title: string;
  readonly author: string;
  readonly created: string;
  readonly state: ChangeRequestMeta['state'];
}

export interface ChangeDetails extends ChangeSummary {
  readonly contentHash: string;
  readonly files: readonly { readonly path: string; readonly status: FileDiff['status'] }[];
  readonly required: readonly Requirement[];
  readonly approval: ApprovalStatus;
  /** Every approval given, counted or not (`approval.ignored` says which do not count, and why). */
  readonly approvals: ChangeRequestMeta['approvals'];
  readonly conflicts: readonly string[];
  /** The latest simulation of exactly this content, with governance's verdict on it (would it allow an approval?). */
  readonly evidence: (EvidenceSummary & { readonly verdict: EvidenceVerdict; readonly minGeneratedPassRate: number; readonly run: EvidenceRunDescription }) | null;
  readonly baseMoved: boolean;
}

/** What the rules need about one change right now. */
interface Situation {
  readonly meta: ChangeRequestMeta;
  readonly content: ChangeContent;
  readonly publishedHash: string;
  readonly settings: ApprovalSettings;
  /** The run that counts as evidence (agent.yaml's `approval.evidence`, the simulator's defaults for the rest). */
  readonly evidenceRun: EvidenceRunSettings;
  readonly required: readonly Requirement[];
  readonly diff: readonly FileDiff[];
}

const ACTION_RECORD = {
  submit: 'change.submitted',
  approve: 'change.approved',
  request_changes: 'change.changes_requested',
  reject: 'change.rejected',
  withdraw: 'change.withdrawn',
  publish: 'change.published',
} as const;

export class ChangeRequests {
  private readonly lock = new KeyedLock();
  private readonly listeners = new Set<(event: ChangeRequestEvent) => void>();
  private live: LiveContent | undefined;

  constructor(private readonly options: ChangeRequestsOptions) {
    // A change's new evidence changes its verdict: open review pages ask again.
    options.simulations.onEvidence(({ change, by }) => {
      this.options.store
        .get(change)
        .then((meta) => meta && this.announce(meta, 'evidence', by))
        .catch((error: unknown) => this.options.log(`colloquy server: no evidence event for ${change}: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  /** Connects the live documents (set once by the composition root: they need this object too). */
  attachLive(live: LiveContent): void {
    this.live = live;
  }

  /**
   * Writes the change's live documents' text to its files (and, with `recordAll`, every pending
   * `change.edited` record), under the change's lock. Decisions and reads of the content call it first.
   */
  async flushLive(id: string, recordAll = true): Promise<void> {
    if (!this.live || !ChangeRequestStore.isId(id)) return;
    await this.lock.run([id], () => this.settled(id, recordAll, async () => undefined));
  }

  /** Hears every change request created, edited, or moved in state or approvals (after it is recorded and saved); returns the unsubscribe. */
  subscribe(listener: (event: ChangeRequestEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async list(): Promise<ChangeSummary[]> {
    return (await this.options.store.list()).map(summary);
  }

  async create(actor: Actor, title: string, request: RequestInfo): Promise<ChangeSummary> {
    const role = await this.authorise(actor, 'change.create', request);
    const baseHash = workspaceHash(await publishedFiles(this.options.root));
    const meta = await this.options.store.create(actor.account, title.trim(), baseHash);
    await this.options.audit.append({ actor: { account: actor.account, role }, action: 'change.created', change: meta.id, details: { title: meta.title, baseHash } });
    this.announce(meta, 'created', actor.account);
    return summary(meta);
  }

  async details(id: string): Promise<ChangeDetails> {
    await this.flushLive(id);
    const situation = await this.situation(await this.meta(id));
    const { meta, content, required, settings } = situation;
    const evidence = await this.options.simulations.evidenceFor(content, situation.evidenceRun);
    return {
      ...summary(meta),
      contentHash: content.contentHash,
      files: situation.diff.map((d) => ({ path: d.path, status: d.status })),
      required,
      approval: approvalStatus(required, meta.approvals, { author: meta.author, contentHash: content.contentHash }),
      approvals: meta.approvals,
      conflicts: await this.options.store.conflicts(meta),
      evidence: evidence
        ? { ...evidence.summary, verdict: evidenceVerdict(evidence.summary, content.contentHash, settings.gates), minGeneratedPassRate: settings.gates.minGeneratedPassRate, run: evidence.run }
        : null,
      baseMoved: meta.baseHash !== null && meta.baseHash !== situation.publishedHash,
    };
  }

  /** The change's view of a file: its own version, or the published one (null: no such file in the change's workspace). */
  async readFile(id: string, path: unknown): Promise<{ path: string; content: string | null }> {
    await this.flushLive(id, false);
    const meta = await this.meta(id);
    const checked = await this.checkPath(path);
    return { path: checked, content: await this.options.store.read(meta, checked) };
  }

  async diff(id: string): Promise<FileDiff[]> {
    await this.flushLive(id);
    return this.options.store.diff(await this.meta(id));
  }

  /**
   * Writes (`content`) or deletes (null) a file in the change: `decide('edit')`. `create`: only if the
   * change's view has no such file (409 otherwise), so two people creating one name never overwrite each other.
   */
  async edit(
    actor: Actor,
    id: string,
    path: unknown,
    content: string | null,
    request: RequestInfo,
    options: { readonly create?: boolean } = {},
  ): Promise<ChangeSummary & { readonly path: string; readonly version: string | null }> {
    const checked = await this.checkPath(path, 'write');
    const after = content === null ? null : versionOf(content);
    const saved = await this.editFiles(actor, id, request, { path: checked }, async (meta) => {
      if (content !== null) this.options.store.checkSize(checked, content); // before the edit is recorded
      const old = await this.options.store.read(meta, checked);
      if (options.create && old !== null) throw new ChangeError(409, `\`${checked}\` already exists in ${id}.`);
      if (content === null && old === null) throw new ChangeError(404, `There is no file \`${checked}\` in ${id} to delete.`);
      const before = old === null ? null : versionOf(old);
      if (before === after) return null;
      return {
        files: [{ path: checked, before, after }],
        policy: changedFile(checked, old, content).kind === 'policy',
        save: (current) => (content === null ? this.options.store.remove(current, checked) : this.options.store.write(current, checked, content)),
        // A live document of the file takes the same text first (so live and API edits never overwrite
        // each other, and a live document that cannot store it fails the edit before it is recorded).
        live: (live, editor, commit) => live.edited(id, checked, content, editor, commit),
      };
    });
    return { ...summary(saved), path: checked, version: after };
  }

  /**
   * Renames a file in the change, as one edit (`decide('edit')`, one `change.edited` record naming
   * both files, `details.renamed`): the change's view loses `from` and gains `to` with `from`'s
   * content, live edits included. 404 `from` absent, 409 `to` present, 400 a bad path or `from` = `to`.
   */
  async rename(actor: Actor, id: string, from: unknown, to: unknown, request: RequestInfo): Promise<ChangeSummary & { readonly from: string; readonly to: string; readonly version: string }> {
    const source = await this.checkPath(from, 'write');
    const target = await this.checkPath(to, 'write');
    if (source === target) throw new ChangeError(400, `\`${source}\` already has that name.`);
    let version = '';
    const saved = await this.editFiles(actor, id, request, { from: source, to: target }, async (meta) => {
      // Read after the change was settled: the live document's text is in it.
      const content = await this.options.store.read(meta, source);
      if (content === null) throw new ChangeError(404, `There is no file \`${source}\` in ${id} to rename.`);
      if ((await this.options.store.read(meta, target)) !== null) throw new ChangeError(409, `\`${target}\` already exists in ${id}.`);
      version = versionOf(content);
      return {
        // `to` had no content in the change's view (its last record, if any, ended with null).
        files: [
          { path: source, before: version, after: null },
          { path: target, before: null, after: version },
        ],
        policy: changedFile(source, content, null).kind === 'policy' || changedFile(target, null, content).kind === 'policy',
        details: { renamed: { from: source, to: target } },
        save: (current) => this.options.store.rename(current, source, target, content),
        live: (live, _editor, commit) => live.renamed(id, source, target, content, commit),
      };
    });
    return { ...summary(saved), from: source, to: target, version };
  }

  /**
   * One edit of the change's files (a write, a delete, a rename), under the change's lock with its
   * live documents settled: `decide('edit')` (refusals recorded), then `plan` says what changes
   * (null: nothing), then its records (`change.edited`, `policy.edited` for a policy file,
   * `change.returned_to_review` after an approval) are appended before the files are saved, through
   * the live documents so they agree. Announced as `edited`.
   */
  private async editFiles(actor: Actor, id: string, request: RequestInfo, refused: Record<string, JsonValue>, plan: (meta: ChangeRequestMeta) => Promise<FileEdit | null>): Promise<ChangeRequestMeta> {
    return this.lock.run([id], () => this.settled(id, true, async () => {
      const situation = await this.situation(await this.meta(id));
      const { meta } = situation;
      const asRole = rolesFor(actor.roles, 'change.edit')[0] ?? actor.roles[0] ?? 'viewer';
      const decision = decide(actor, snapshot(situation), { action: 'edit', asRole }, { required: situation.required, gates: situation.settings.gates });
      if (!decision.ok) throw await this.refuse(actor, asRole, meta.id, 'edit', decision.httpStatus, decision.reason, request, refused);

      const edit = await plan(meta);
      if (!edit) return meta;
      const editor = { account: actor.account, role: asRole };
      const commit = async () => {
        await this.options.audit.append({ actor: editor, action: 'change.edited', change: id, files: edit.files, details: { state: decision.state, ...edit.details } });
        if (edit.policy) await this.options.audit.append({ actor: editor, action: 'policy.edited', change: id, files: edit.files });
        if (meta.state === 'approved' && decision.state === 'in_review') {
          await this.options.audit.append({ actor: editor, action: 'change.returned_to_review', change: id, details: { reason: 'edited after approval: the approvals were given for other content' } });
        }
        const written = await edit.save(meta);
        return this.options.store.update(written, { state: decision.state, approvals: written.approvals });
      };
      const saved = this.live ? await edit.live(this.live, editor, commit) : await commit();
      this.announce(saved, 'edited', actor.account);
      return saved;
    }));
  }

  /**
   * Queues a simulation of the change's content (evidence once done): with the settings `requested` names, the
   * rest from the published agent.yaml's `approval.evidence` (evidenceRunSettings).
   */
  async simulate(actor: Actor, id: string, requested: EvidenceRunOptions, request: RequestInfo): Promise<SimulationStatus> {
    const role = await this.authorise(actor, 'simulation.run', request, id);
    await this.flushLive(id);
    const situation = await this.situation(await this.meta(id));
    const settings = evidenceRunSettings(requested, situation.settings.evidence);
    return this.options.simulations.start(id, situation.content, { account: actor.account, role }, settings);
  }

  /** The behaviour diff of the change's latest evidence against the published workspace; undefined until both runs are done. */
  async behaviourDiff(id: string): Promise<BehaviourDiff | undefined> {
    await this.flushLive(id);
    const situation = await this.situation(await this.meta(id));
    return this.options.simulations.behaviourDiff(situation.content.contentHash, situation.publishedHash, situation.evidenceRun);
  }

  /** submit, approve, request_changes, reject, withdraw, publish: `decide`, then carry it out. */
  async act(actor: Actor, id: string, action: Exclude<ReviewAction, 'edit'>, asRole: Role, rationale: string | undefined, request: RequestInfo): Promise<ChangeSummary & { readonly commit?: string }> {
    const run = () =>
      this.lock.run([id], () => this.settled(id, true, async () => {
        const situation = await this.situation(await this.meta(id));
        const { meta, content } = situation;
        const evidence = action === 'approve' ? await this.options.simulations.evidenceFor(content, situation.evidenceRun) : undefined;
        const decision = decide(
          actor,
          snapshot(situation),
          { action, asRole, ...(rationale !== undefined ? { rationale } : {}), ...(evidence ? { evidence: evidence.summary } : {}) },
          { required: situation.required, gates: situation.settings.gates },
        );
        if (!decision.ok) throw await this.refuse(actor, asRole, id, action, decision.httpStatus, decision.reason, request);
        const actorRecord = { account: actor.account, role: asRole };
        const note = rationale?.trim() ? { rationale: rationale.trim() } : {};

        if (action === 'publish') return this.publish(situation, decision.approvals, actor, asRole, note, request);

        await this.options.audit.append({
          actor: actorRecord,
          action: ACTION_RECORD[action],
          change: id,
          ...note,
          ...(evidence ? { evidence: evidence.audit } : {}),
          details: {
            from: meta.state,
            state: decision.state,
            contentHash: content.contentHash,
            ...(action === 'approve' ? { approvalsComplete: decision.status.satisfied } : {}),
          },
        });
        const saved = await this.options.store.update(meta, { state: decision.state, approvals: decision.approvals });
        this.announce(saved, ACTION_RECORD[action].slice('change.'.length) as ChangeRequestAction, actor.account);
        return summary(saved);
      }));
    if (action !== 'publish') return run();
    // One publish at a time: a second one's conflict check must see the first one's files.
    const result = await this.lock.run(['publish'], run);
    await this.returnStaleApprovals('another change request was published');
    return result;
  }

  /**
   * Approved changes whose content hash moved (the published workspace changed under them) no longer have
   * the approvals they need (governance's `approvalStatus`); each goes back to review (`transition(…, 'edit')`)
   * and is recorded as `change.returned_to_review` by the server.
   */
  async returnStaleApprovals(reason: string): Promise<void> {
    for (const listed of await this.options.store.list()) {
      if (listed.state !== 'approved') continue;
      await this.lock.run([listed.id], async () => {
        const situation = await this.situation(await this.meta(listed.id));
        const { meta, content } = situation;
        if (meta.state !== 'approved' || approvalStatus(situation.required, meta.approvals, { author: meta.author, contentHash: content.contentHash }).satisfied) return;
        const moved = transition(meta.state, 'edit');
        if (!moved.ok) return;
        await this.options.audit.append({
          actor: { account: null, role: null },
          action: 'change.returned_to_review',
          change: meta.id,
          details: { reason: `${reason}: the content changed under the approvals (evidence must be run again on the merged content)`, contentHash: content.contentHash },
        });
        this.announce(await this.options.store.update(meta, { state: moved.state, approvals: meta.approvals }), 'returned_to_review', null);
      });
    }
  }

  private async publish(
    situation: Situation,
    approvals: ChangeRequestMeta['approvals'],
    person: Actor,
    asRole: Role,
    note: { rationale?: string },
    request: RequestInfo,
  ): Promise<ChangeSummary & { readonly commit?: string }> {
    const { meta, content } = situation;
    const actor = { account: person.account, role: asRole };
    const conflicts = await this.options.store.conflicts(meta);
    if (conflicts.length > 0) {
      const reason = `the published version of ${conflicts.map((p) => `\`${p}\``).join(', ')} changed since this change request first touched ${conflicts.length === 1 ? 'it' : 'them'}: publishing would overwrite that; start a new change request from the published version`;
      throw await this.refuse(person, asRole, meta.id, 'publish', 409, reason, request, { conflicts });
    }
    const paths = Object.keys(meta.changed).sort();
    for (const path of paths) {
      const resolved = await resolveWorkspacePath(this.options.root, path as WorkspacePath);
      if (!resolved.ok) throw await this.refuse(person, asRole, meta.id, 'publish', 409, `cannot publish \`${path}\`: ${resolved.reason}`, request);
    }
    const files: FileChange[] = paths.map((path) => ({ path, before: meta.base[path] ?? null, after: meta.changed[path] ?? null }));
    const published = await this.options.published.exclusive(async () => {
      const done = await this.options.store.publish({ ...meta, approvals });
      await this.options.published.record(paths);
      return done;
    });
    const counted = approvalStatus(situation.required, approvals, { author: meta.author, contentHash: content.contentHash });
    const approvers = approvals.filter((a) => a.contentHash === content.contentHash && counted.roles.some((r) => r.role === a.role && r.given.includes(a.account)));
    const git: CommitOutcome =
      this.options.git === false
        ? { committed: false, reason: 'git commits are turned off', failed: false }
        : await commitPublished(this.options.root, {
            change: meta.id,
            title: meta.title,
            author: meta.author,
            approvers: approvers.map((a) => ({ account: a.account, role: a.role })),
            publishedBy: actor,
            contentHash: content.contentHash,
            paths,
          });
    if (!git.committed && git.failed) this.options.log(`colloquy server: ${meta.id} was published but not committed: ${git.reason}`);
    const evidence = await this.options.simulations.evidenceFor(content, situation.evidenceRun);
    const record = await this.options.audit.append({
      actor,
      action: 'change.published',
      change: meta.id,
      files,
      ...note,
      ...(evidence ? { evidence: evidence.audit } : {}),
      details: {
        contentHash: content.contentHash,
        approvers: approvers.map((a) => `${a.account} (${a.role})`),
        git: (git.committed ? { commit: git.commit } : { committed: false, reason: git.reason }) as JsonValue,
      },
    });
    this.announce(await this.options.store.update(published, { publication: { record: record.seq, commit: git.committed ? git.commit : null } }), 'published', person.account);
    return { ...summary(published), ...(git.committed ? { commit: git.commit } : {}) };
  }

  /**
   * At start-up, before out-of-band changes are looked for: finishes or rolls back a publish a stopped
   * process left half done (the journal), and records every publish that was done but not recorded
   * (the process stopped between the two). Returns the paths those publishes wrote: they are published,
   * not changed out of band.
   */
  async recover(): Promise<string[]> {
    const journal = await this.options.store.recover();
    if (journal) this.options.log(`colloquy server: a publish of ${journal.id} was interrupted; ${journal.outcome === 'rolled back' ? 'the workspace was put back as it was, and the change request is still approved' : 'it had finished, and only its leftovers were removed'}`);
    const paths: string[] = [];
    for (const meta of await this.options.store.list()) {
      if (meta.state !== 'published' || meta.publication) continue;
      const changed = Object.keys(meta.changed).sort();
      const record = await this.options.audit.append({
        actor: { account: null, role: null },
        action: 'change.published',
        change: meta.id,
        files: changed.map((path) => ({ path, before: meta.base[path] ?? null, after: meta.changed[path] ?? null })),
        details: { recovered: 'the server stopped after publishing this change request and before recording it; recorded at the next start (no git commit was made)', approvers: meta.approvals.map((a) => `${a.account} (${a.role})`) },
      });
      await this.options.store.update(meta, { publication: { record: record.seq, commit: null } });
      paths.push(...changed);
    }
    return paths;
  }

  /** Tells the subscribers; a listener that throws (a broken socket) is logged and never stops the others or the action. */
  private announce(meta: ChangeRequestMeta, action: ChangeRequestAction, by: string | null): void {
    const event: ChangeRequestEvent = { type: 'change', id: meta.id, action, state: meta.state, title: meta.title, author: meta.author, by };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.log(`colloquy server: a change request event listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /**
   * Runs `work` (the caller holds `id`'s lock) with the change's live documents settled: their text
   * written, their updates waiting until `work` is done and then checked against the state it left.
   */
  private async settled<T>(id: string, recordAll: boolean, work: () => Promise<T>): Promise<T> {
    const live = this.live;
    if (!live || !ChangeRequestStore.isId(id)) return work();
    try {
      let recordedBy: string | null | undefined;
      await live.settle(
        id,
        async (path, content, record) => {
          if (await this.writeLive(id, path, content, record)) recordedBy ??= record?.editors[0]?.account ?? null;
        },
        recordAll,
      );
      // Live edits were recorded: open review pages refresh (one event per settle that recorded; see decision 0017).
      if (recordedBy !== undefined) {
        const meta = await this.options.store.get(id);
        if (meta) this.announce(meta, 'edited', recordedBy);
      }
      return await work();
    } finally {
      await live.release(id);
    }
  }

  /**
   * A live document's text into the change's files, after its `change.edited` (and `policy.edited`)
   * record when one is due. True when a record was appended.
   */
  private async writeLive(id: string, path: string, content: string, record: LiveEditRecord | null): Promise<boolean> {
    const meta = await this.options.store.get(id);
    if (!meta) return false;
    const old = await this.options.store.read(meta, path);
    const after = versionOf(content);
    if (record && record.before !== after) {
      const editor = record.editors[0];
      const actor = editor ? { account: editor.account, role: editor.role } : { account: null, role: null };
      const files: FileChange[] = [{ path, before: record.before, after }];
      const details = { live: true, editors: record.editors.map((e) => `${e.account} (${e.role})`), ...(editor ? {} : { recovered: 'edits stored before the server stopped, written at the next start' }) };
      await this.options.audit.append({ actor, action: 'change.edited', change: id, files, details });
      if (changedFile(path, old, content).kind === 'policy') await this.options.audit.append({ actor, action: 'policy.edited', change: id, files });
    }
    if (old !== content) await this.options.store.write(meta, path, content);
    return record !== null && record.before !== after;
  }

  /** The role `actor` acts in for `permission`; refuses (403, recorded) when none of theirs has it. */
  private async authorise(actor: Actor, permission: Permission, request: RequestInfo, change?: string): Promise<Role> {
    const role = rolesFor(actor.roles, permission)[0];
    if (role) return role;
    const reason = permissionRefusal(actor.roles, permission) ?? `not allowed to ${permission}`;
    await this.options.audit.append({
      actor: { account: actor.account, role: null },
      action: 'auth.denied',
      ...(change ? { change } : {}),
      details: { method: request.method, path: request.path, reason, status: 403, permission, roles: [...actor.roles] },
    });
    throw new ChangeError(403, reason);
  }

  /** Records a refusal and returns the error to throw. */
  private async refuse(actor: Actor, asRole: Role, change: string, action: ReviewAction, status: 403 | 409 | 422, reason: string, request: RequestInfo, extra: Record<string, JsonValue> = {}): Promise<ChangeError> {
    await this.options.audit.append({
      actor: { account: actor.account, role: actor.roles.includes(asRole) ? asRole : null },
      action: status === 403 ? 'auth.denied' : 'change.refused',
      change,
      details: { method: request.method, path: request.path, action, asRole, status, reason, ...extra },
    });
    const message = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
    return new ChangeError(status, message, 'conflicts' in extra ? { conflicts: extra['conflicts'] } : {});
  }

  private async meta(id: string): Promise<ChangeRequestMeta> {
    const meta = ChangeRequestStore.isId(id) ? await this.options.store.get(id) : undefined;
    if (!meta) throw new ChangeError(404, `There is no change request ${JSON.stringify(id).slice(0, 40)}.`);
    return meta;
  }

  /**
   * A path a change may read (`read`) or write (`write`): inside the workspace, a file or nothing yet.
   * A symbolic link is never written: publishing would replace the link with a file, silently breaking what it was for.
   */
  private async checkPath(path: unknown, purpose: 'read' | 'write' = 'read'): Promise<string> {
    const parsed = parseWorkspacePath(path);
    if (!parsed.ok) throw new ChangeError(400, `Cannot use that path: ${parsed.reason}.`);
    // A path through a file (`a.yaml/b.yaml`) fails in the file system: fromFsError says so in words.
    const resolved = await resolveWorkspacePath(this.options.root, parsed.path).catch((error: unknown) => Promise.reject(fromFsError(error, parsed.path)));
    if (!resolved.ok) throw new ChangeError(400, `Cannot use \`${parsed.path}\`: ${resolved.reason}.`);
    if (resolved.resolved.entry === 'other') throw new ChangeError(400, `\`${parsed.path}\` is not a file.`);
    if (purpose === 'write' && resolved.resolved.entry === 'symlink') {
      throw new ChangeError(400, `\`${parsed.path}\` is a symbolic link; Colloquy does not change links (change the file it leads to).`);
    }
    return parsed.path;
  }

  private async situation(meta: ChangeRequestMeta): Promise<Situation> {
    const published = await publishedFiles(this.options.root);
    const content = await changeContent(this.options.store, meta, published);
    const agent = published.find((f) => f.path === 'agent.yaml') ?? published.find((f) => f.path === 'agent.yml');
    const settings = approvalSettings(agent?.content);
    const diff = await this.options.store.diff(meta);
    const required = requiredApprovals(
      settings.rules,
      diff.map((d) => changedFile(d.path, d.before, d.after)),
    );
    return { meta, content, publishedHash: workspaceHash(published), settings, evidenceRun: evidenceRunSettings({}, settings.evidence), required, diff };
  }
}

function summary(meta: ChangeRequestMeta): ChangeSummary {
  return { id: meta.id, title: meta.title, author: meta.author, created: meta.created, state: meta.state };
}

function snapshot({ meta, content }: Situation): ChangeSnapshot {
  return { author: meta.author, state: meta.state, contentHash: content.contentHash, approvals: meta.approvals };
}
