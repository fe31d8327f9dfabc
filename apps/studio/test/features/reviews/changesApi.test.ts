/**
 * The change-requests client's side of the contract: what it sends (route,
 * method, body; no `flow` in an evidence run), that a refusal reaches the page
 * with the server's own sentence and status, and that an unreachable server
 * or an answer of another shape is a result, not a throw. (The real server
 * answers it in tests/e2e/reviews.e2e.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { HttpChangesApi } from '../../../src/features/reviews/headless.ts';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly body: unknown;
}

/** A fetch that records each request and answers with `respond`'s Response. */
function recording(respond: (sent: Sent) => Response): { api: HttpChangesApi; sent: Sent[] } {
  const sent: Sent[] = [];
  const api = new HttpChangesApi('http://studio.test', async (url, init = {}) => {
    const request = { url, method: init.method ?? 'GET', body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    sent.push(request);
    return respond(request);
  });
  return { api, sent };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const SUMMARY = { id: 'CR-3', title: 'A title', author: 'dana', created: '2026-11-23T10:00:00.000Z', state: 'approved' };

describe('HttpChangesApi', () => {
  it('sends a review action to the change’s route with the role and rationale, and reads the new state', async () => {
    const { api, sent } = recording(() => json(200, SUMMARY));
    const answer = await api.act('CR-3', 'approve', 'ops_manager', 'Evidence passes.');
    expect(sent).toEqual([{ url: 'http://studio.test/api/changes/CR-3/actions', method: 'POST', body: { action: 'approve', asRole: 'ops_manager', rationale: 'Evidence passes.' } }]);
    expect(answer).toEqual({ ok: true, change: SUMMARY });
  });

  it('passes the server’s refusal on word for word, with its status', async () => {
    const error = 'the author of a change cannot approve it, whatever roles they hold';
    const { api } = recording(() => json(403, { error }));
    expect(await api.act('CR-3', 'approve', 'ops_manager', 'mine')).toEqual({ ok: false, status: 403, error });
    const { api: missing } = recording(() => json(404, { error: 'CR-9 has no behaviour diff yet: …' }));
    expect(await missing.behaviourDiff('CR-9')).toEqual({ ok: false, status: 404, error: 'CR-9 has no behaviour diff yet: …' });
  });

  it('sends submit, withdraw and publish without a rationale, and passes on the conflicts a refused publish names', async () => {
    const { api, sent } = recording(() => json(200, SUMMARY));
    await api.act('CR-3', 'submit', 'designer');
    expect(sent[0]!.body).toEqual({ action: 'submit', asRole: 'designer' });
    const error = 'the published version of `flows/a.flow.yaml` changed since this change request first touched it: …';
    const { api: refusing } = recording(() => json(409, { error, conflicts: ['flows/a.flow.yaml'] }));
    expect(await refusing.act('CR-3', 'publish', 'ops_manager')).toEqual({ ok: false, status: 409, error, conflicts: ['flows/a.flow.yaml'] });
    const { api: odd } = recording(() => json(409, { error, conflicts: [3] }));
    expect(await odd.act('CR-3', 'publish', 'ops_manager')).toEqual({ ok: false, status: 409, error });
  });

  it('starts an evidence run without `flow` (evidence covers the whole workspace)', async () => {
    const { api, sent } = recording(() => json(202, { id: 'sim-1', state: 'queued' }));
    expect(await api.simulate('CR-3', { perIntent: 3, seed: 's', flow: 'card_lost' })).toEqual({ ok: true, id: 'sim-1', state: 'queued' });
    expect(sent[0]).toEqual({ url: 'http://studio.test/api/changes/CR-3/simulations', method: 'POST', body: { perIntent: 3, seed: 's' } });
  });

  it('escapes the id in the path', async () => {
    const { api, sent } = recording(() => json(200, []));
    await api.diff('CR-1/../x');
    expect(sent[0]!.url).toBe('http://studio.test/api/changes/CR-1%2F..%2Fx/diff');
  });

  it('turns an unreachable server, a body without error and an answer of another shape into results', async () => {
    const down = new HttpChangesApi('', async () => {
      throw new TypeError('fetch failed');
    });
    expect(await down.list()).toEqual({ ok: false, status: 0, error: 'The server could not be reached.' });
    const { api: bare } = recording(() => new Response('oops', { status: 500, statusText: 'Internal Server Error' }));
    expect(await bare.list()).toEqual({ ok: false, status: 500, error: 'The server answered 500 Internal Server Error.' });
    const { api: odd } = recording(() => json(200, [{ id: 'CR-1', state: 'limbo' }]));
    expect(await odd.list()).toEqual({ ok: false, status: 0, error: "The server's answer to GET /api/changes is not what this studio understands; is the server a different version?" });
    const { api: oddDiff } = recording(() => json(200, [{ path: 'a.yaml', status: 'renamed', before: null, after: 'x' }]));
    expect((await oddDiff.diff('CR-1')).ok).toBe(false);
  });
});
