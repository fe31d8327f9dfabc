/**
 * What a client's update may touch in a file document: its text
 * (`doc.getText('content')`) and nothing else.
 *
 * The rest of a file document is the server's: the epoch in the `document`
 * map (documentEpoch.ts) says which life of the file a copy belongs to, and a
 * designer's client that overwrote or deleted it would make everyone's offline
 * copy look stale (4409). A y-monaco client never writes anything but the
 * text, so an update that does is a bug or an attack; it is refused whole
 * (LiveConnection closes the connection, 1008), before it is stored.
 *
 * Checked on the decoded update (Y.decodeUpdate, done anyway to refuse
 * malformed ones):
 * - an item whose parent is named must name `content` (a root type; the text
 *   holds no nested types, so an item inside one is refused too);
 * - an item whose parent is left out inherits it from its origin or right
 *   origin, so it must not be next to an item of another type: one of the
 *   document's own (the `document` map's items, overwritten ones included)
 *   or one refused in the same update;
 * - the update's deletions must not cover an item of the `document` map.
 */
import * as Y from 'yjs';

/** The root type clients edit. */
export const TEXT_TYPE = 'content';

/** The parts of Yjs's decoded structs read here (Item; GC and Skip structs have no parent). */
interface DecodedStruct {
  readonly id: Y.ID;
  readonly length: number;
  readonly parent?: unknown;
  readonly origin?: Y.ID | null;
  readonly rightOrigin?: Y.ID | null;
}

/** A decoded update's deletions (Yjs's DeleteSet: per client, the deleted clock ranges). */
interface DeletedRanges {
  readonly clients: ReadonlyMap<number, readonly { readonly clock: number; readonly len: number }[]>;
}

/** Why an update (decoded: `Y.decodeUpdate`) reaches outside the text of `doc`; undefined when it does not. */
export function outsideText(doc: Y.Doc, decoded: { readonly structs: readonly unknown[]; readonly ds: DeletedRanges }): string | undefined {
  const serverItems = itemsOutsideText(doc);
  const refused: DecodedStruct[] = [];
  const candidates: DecodedStruct[] = [];
  for (const struct of decoded.structs as readonly DecodedStruct[]) {
    if (!('parent' in struct) || !('origin' in struct)) continue; // GC, Skip
    if (typeof struct.parent === 'string') {
      if (struct.parent !== TEXT_TYPE) return `an update may change only the file's text, not \`${struct.parent}\``;
    } else if (struct.parent !== null && struct.parent !== undefined) {
      return "an update may change only the file's text, not a type inside it";
    } else candidates.push(struct);
  }
  const touches = (id: Y.ID | null | undefined) => id != null && (covers(serverItems, id) || covers(refused, id));
  // Fixpoint: an item next to a refused item of this update inherits its parent too.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = candidates.length - 1; i >= 0; i--) {
      const item = candidates[i]!;
      if (!touches(item.origin) && !touches(item.rightOrigin)) continue;
      refused.push(item);
      candidates.splice(i, 1);
      changed = true;
    }
  }
  if (refused.length > 0) return "an update may change only the file's text, not what the server keeps beside it";
  for (const item of serverItems) {
    for (const range of decoded.ds.clients.get(item.id.client) ?? []) {
      if (range.clock < item.id.clock + item.length && item.id.clock < range.clock + range.len) return "an update may not delete what the server keeps beside the file's text";
    }
  }
  return undefined;
}

/** Every item of `doc` outside the text: each other root type's current and overwritten entries. */
function itemsOutsideText(doc: Y.Doc): DecodedStruct[] {
  const items: DecodedStruct[] = [];
  for (const [name, type] of doc.share) {
    if (name === TEXT_TYPE) continue;
    for (const entry of type._map.values()) for (let item: Y.Item | null = entry; item !== null; item = item.left) items.push(item);
    for (let item = type._start; item !== null; item = item.right) items.push(item);
  }
  return items;
}

function covers(items: readonly DecodedStruct[], id: Y.ID): boolean {
  return items.some((item) => item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length);
}
