/**
 * The explorer's pure parts, without DOM or Solid (for the workbench's file operations and Node
 * tests): the tree as plain data, and the names of files made, renamed or restored in a change
 * request (checked as the server checks them), with the pickers' items.
 */
export { buildTree, parentPath, visibleRows, type TreeRow } from './explorerTree.ts';
export { checkFileName, deleteItems, folderPrefix, nameSelection, newFileContent, newFileItems, renameItems, restoredName, type NameCheck, type NameContext } from './fileNames.ts';
export type { ExplorerFileActions } from './fileActions.ts';
