/**
 * What the Explorer offers on its entries in a change request, provided by the workbench
 * (workbench/fileCommands.ts, which asks for names and confirmations and calls the server).
 */
export interface ExplorerFileActions {
  /** False in the published workspace: the actions are not shown at all. */
  shown(): boolean;
  /** Why files cannot be made, renamed or deleted here (the disabled actions' tooltip); undefined when they can. */
  refusal(): string | undefined;
  /** New File… in `folder` (undefined: the workspace's root). */
  newFile(folder?: string): void;
  /** Rename… (F2). */
  rename(path: string): void;
  /** Delete (the Delete key), after a confirmation naming the file. */
  delete(path: string): void;
}
