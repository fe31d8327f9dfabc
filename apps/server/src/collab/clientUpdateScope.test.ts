/**
 * A client's update may change a file document's text and nothing else: not
 * the epoch the server keeps beside it (overwritten, deleted, or reached
 * through an item that inherits its parent), not another root type, not a
 * type nested in the text. Real Y.Docs: the updates are what Yjs itself
 * encodes for each edit.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { outsideText } from './clientUpdateScope.ts';

/** A server document (epoch + text) and a client copy synced from it. */
function documents() {
  const server = new Y.Doc();
  server.transact(() => {
    server.getMap('document').set('epoch', '0123456789abcdef0123456789abcdef');
    server.getText('content').insert(0, 'kind: flow\nid: hours\n');
  });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What the client's `edit` sends, checked against the server's document. */
function check(edit: (client: Y.Doc) => void, prepare?: (docs: { server: Y.Doc; client: Y.Doc }) => void): string | undefined {
  const docs = documents();
  prepare?.(docs);
  const updates: Uint8Array[] = [];
  docs.client.on('update', (update: Uint8Array) => updates.push(update));
  docs.client.transact(() => edit(docs.client));
  expect(updates.length).toBeGreaterThan(0);
  return outsideText(docs.server, Y.decodeUpdate(Y.mergeUpdates(updates)));
}

describe("a client's update reaches only the file's text", () => {
  it.each([
    ['typing at the end', (c: Y.Doc) => c.getText('content').insert(c.getText('content').length, 'say: hi\n')],
    ['typing at the start (only a right origin)', (c: Y.Doc) => c.getText('content').insert(0, '# hours\n')],
    ['typing in the middle', (c: Y.Doc) => c.getText('content').insert(5, 'X')],
    ['deleting the server-seeded text', (c: Y.Doc) => c.getText('content').delete(0, 4)],
    ['replacing everything', (c: Y.Doc) => (c.getText('content').delete(0, c.getText('content').length), c.getText('content').insert(0, 'new'))],
    ['formatting text (attributes live in the text)', (c: Y.Doc) => c.getText('content').format(0, 4, { bold: true })],
  ])('allows %s', (_name, edit) => {
    expect(check(edit)).toBeUndefined();
  });

  it('refuses overwriting the epoch (the new entry names no parent: it inherits it from the old one)', () => {
    expect(check((c) => c.getMap('document').set('epoch', 'ffffffffffffffffffffffffffffffff'))).toMatch(/only the file's text/);
  });

  it('refuses deleting the epoch', () => {
    expect(check((c) => c.getMap('document').delete('epoch'))).toMatch(/may not delete/);
  });

  it("refuses an entry of the server's map under a new key (the parent is named)", () => {
    expect(check((c) => c.getMap('document').set('owner', 'me'))).toMatch(/not `document`/);
  });

  it('refuses another root type', () => {
    expect(check((c) => c.getArray('notes').insert(0, ['x']))).toMatch(/not `notes`/);
  });

  it('refuses a type nested in the text and anything written inside it', () => {
    expect(
      check((c) => {
        const nested = new Y.Map();
        c.getText('content').insertEmbed(0, nested);
        nested.set('epoch', 'x');
      }),
    ).toMatch(/only the file's text/);
  });

  it('refuses an epoch written twice in one update (the second entry inherits from the first, refused one)', () => {
    expect(
      check((c) => {
        c.getMap('document').set('epoch', 'a'.repeat(32));
        c.getMap('document').set('epoch', 'b'.repeat(32));
      }),
    ).toMatch(/only the file's text/);
  });

  it('refuses overwriting an epoch the server itself replaced earlier (overwritten entries count too)', () => {
    expect(
      check(
        (c) => c.getMap('document').set('epoch', 'c'.repeat(32)),
        ({ server, client }) => {
          // The client saw an older epoch entry that the server then replaced; its edit builds on the old one.
          const old = server.getMap('document');
          const before = Y.encodeStateVector(server);
          old.set('epoch', 'd'.repeat(32));
          Y.applyUpdate(client, Y.encodeStateAsUpdate(server, before));
        },
      ),
    ).toMatch(/only the file's text/);
  });
});
