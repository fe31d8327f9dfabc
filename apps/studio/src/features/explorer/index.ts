/**
 * The explorer feature: the workspace's files as a tree in the side bar.
 *
 * Provides: `ExplorerView` (loaded with the shell), and `buildTree`/`visibleRows`, the tree
 * as plain data (folders first, collapsed folders' children hidden).
 * Needs: the store's files and tabs (open in a preview tab, pin on double-click).
 */
export { ExplorerView } from './ExplorerView.tsx';
export { buildTree, parentPath, visibleRows, type TreeRow } from './explorerTree.ts';
