/**
 * The explorer feature: the workspace's files as a tree in the side bar.
 *
 * Provides: `ExplorerView` (loaded with the shell), and `buildTree`/`visibleRows`, the tree
 * as plain data (folders first, collapsed folders' children hidden).
 * Needs: the store's files and tabs (open in a preview tab, pin on double-click), and in a change
 * request the live session's people (avatars on the files they have open).
 */
export { ExplorerView } from './ExplorerView.tsx';
export { buildTree, parentPath, visibleRows, type TreeRow } from './explorerTree.ts';
