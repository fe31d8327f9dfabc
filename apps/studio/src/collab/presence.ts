/**
 * Who is in a change request, from the index document's awareness states
 * (`{ user: { name, colour }, file }`, the contract's "Awareness"): the people
 * the title bar shows, and who has which file open for the explorer. Pure:
 * it takes the states as y-protocols' Awareness holds them (client id → state)
 * and trusts nothing in them (another client may send anything).
 */
import { colourFor, initialsOf } from './identity.ts';

export interface Person {
  readonly name: string;
  readonly colour: string;
  readonly initials: string;
  /** The files this person has open in the change request (one per tab or window of theirs), sorted. */
  readonly files: readonly string[];
}

/**
 * The other people present (not `self`, the local account, however many windows it has), by
 * name, sorted, one entry per person even with several clients. The colour is recomputed from the
 * name rather than taken from the state, so a client cannot draw itself as someone else's colour.
 */
export function peopleFromStates(states: ReadonlyMap<number, unknown>, self: string | undefined): Person[] {
  const byName = new Map<string, Set<string>>();
  for (const state of states.values()) {
    const name = nameOf(state);
    if (name === undefined || name === self) continue;
    const files = byName.get(name) ?? new Set<string>();
    const file = (state as { file?: unknown }).file;
    if (typeof file === 'string' && file.length > 0) files.add(file);
    byName.set(name, files);
  }
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, files]) => ({ name, colour: colourFor(name), initials: initialsOf(name), files: [...files].sort() }));
}

/** File path → the people who have it open (for the explorer's avatars). */
export function peopleByFile(people: readonly Person[]): ReadonlyMap<string, readonly Person[]> {
  const map = new Map<string, Person[]>();
  for (const person of people) for (const file of person.files) map.set(file, [...(map.get(file) ?? []), person]);
  return map;
}

/** What this client publishes about itself on the index document. */
export function localPresence(name: string, file: string | undefined): { user: { name: string; colour: string }; file: string | null } {
  return { user: { name, colour: colourFor(name) }, file: file ?? null };
}

function nameOf(state: unknown): string | undefined {
  const user = (state as { user?: unknown } | null)?.user as { name?: unknown } | undefined;
  const name = user?.name;
  return typeof name === 'string' && name.trim().length > 0 && name.length <= 200 ? name.trim() : undefined;
}

/**
 * The style of one remote client's cursor and selection in the editor: y-monaco marks them with
 * `yRemoteSelection-<clientId>` and `yRemoteSelectionHead-<clientId>`; the head carries the person's
 * name as a label in their colour (from the name, as everywhere, whatever colour the client claims).
 */
export function remoteSelectionCss(clientId: number, name: string): string {
  const colour = colourFor(name);
  const label = name.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ');
  const id = Math.trunc(Math.abs(clientId));
  return [
    `.yRemoteSelection-${id} { background-color: ${colour}33; }`,
    `.yRemoteSelectionHead-${id} { position: absolute; border-left: 2px solid ${colour}; height: 100%; box-sizing: border-box; }`,
    `.yRemoteSelectionHead-${id}::after { content: "${label}"; position: absolute; top: -1.3em; left: -2px; padding: 0 4px; font-size: 11px; line-height: 1.3em; white-space: nowrap; color: #fff; background: ${colour}; border-radius: 3px 3px 3px 0; pointer-events: none; z-index: 10; }`,
  ].join('\n');
}
