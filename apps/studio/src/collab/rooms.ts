/**
 * Where a change request's live documents are, as the contract names them
 * (/work/notes/collab-contract.md, "URLs"): the y-websocket server URL (the
 * client appends `/<room>`), the rooms of the index and of each file, the
 * browser's offline database of each file, and the change request a page URL
 * names. Pure, tested in Node.
 */

/** A change request id as the server makes them. */
const CHANGE_ID = /^CR-[1-9]\d*$/;

/** `ws://host/api/collab` (`wss:` under https): the y-websocket provider's server URL. */
export function collabServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/collab`;
}

/** The index document's room: `CR-3/index`. */
export function indexRoom(change: string): string {
  return `${change}/index`;
}

/** A file document's room: `CR-3/file/flows%2Fcard_lost.yaml` (the path is one URL segment). */
export function fileRoom(change: string, path: string): string {
  return `${change}/file/${encodeURIComponent(path)}`;
}

/** The IndexedDB database keeping a file's unsynced edits across a reload: `colloquy:<workspace>:<CR>:<path>`. */
export function offlineDatabaseName(workspace: string, change: string, path: string): string {
  return `colloquy:${workspace}:${change}:${path}`;
}

/** The change request the page's query names (`?change=CR-3`); undefined without one or for something else. */
export function changeFromSearch(search: string): string | undefined {
  const value = new URLSearchParams(search).get('change')?.trim().toUpperCase();
  return value && CHANGE_ID.test(value) ? value : undefined;
}

/** The page URL of a change request (`?change=` replaced, the rest kept); `undefined` for the published workspace. */
export function changeHref(href: string, change: string | undefined): string {
  const url = new URL(href);
  if (change === undefined) url.searchParams.delete('change');
  else url.searchParams.set('change', change);
  return url.pathname + url.search + url.hash;
}
