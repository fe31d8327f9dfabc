/**
 * The explorer feature: the workspace's files as a tree in the side bar.
 *
 * Provides: `ExplorerView` (loaded with the shell), and `buildTree`/`visibleRows`, the tree
 * as plain data (folders first, collapsed folders' children hidden); in a change request the
 * file actions on its entries (New File…, Rename… on F2, Delete on the Delete key, a context
 * menu), and the checks of file names before they are sent (`checkFileName`, fileNames.ts; also
 * in `headless.ts`, without DOM).
 * Needs: the store's files and tabs (open in a preview tab, pin on double-click), in a change
 * request the live session's people (avatars on the files they have open), and the workbench's
 * `ExplorerFileActions` (which prompts and calls the server).
 */
export { ExplorerView } from './ExplorerView.tsx';
export * from './headless.ts';
