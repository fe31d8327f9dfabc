/**
 * Room names of the collaboration contract (/work/notes/collab-contract.md, "URLs"): the y-websocket
 * client connects to `serverUrl + '/' + room`, and a file document's room is
 * `CR-<n>/file/<encodeURIComponent(path)>`. Both servers of the benchmark use the same names.
 */
export function fileRoom(change: string, path: string): string {
  return `${change}/file/${encodeURIComponent(path)}`;
}

/** The workspace path a file room names, or undefined for another room. */
export function pathOfRoom(room: string): string | undefined {
  const match = /^CR-\d+\/file\/([^/?]+)$/.exec(room);
  return match ? decodeURIComponent(match[1]!) : undefined;
}
