/** The explorer's tree: folders before files, each sorted by name; and the rows on show. */

export interface TreeFolder {
  readonly type: 'folder';
  readonly name: string;
  readonly path: string;
  readonly children: readonly TreeNode[];
}

export interface TreeFile {
  readonly type: 'file';
  readonly name: string;
  readonly path: string;
}

export type TreeNode = TreeFolder | TreeFile;

export interface TreeRow {
  readonly node: TreeNode;
  readonly depth: number;
  readonly expanded: boolean;
}

export function buildTree(paths: Iterable<string>): TreeNode[] {
  interface Mutable {
    folders: Map<string, Mutable>;
    files: string[];
  }
  const root: Mutable = { folders: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let at = root;
    for (const part of parts.slice(0, -1)) {
      let next = at.folders.get(part);
      if (!next) {
        next = { folders: new Map(), files: [] };
        at.folders.set(part, next);
      }
      at = next;
    }
    at.files.push(path);
  }
  const convert = (folder: Mutable, prefix: string): TreeNode[] => [
    ...[...folder.folders.keys()].sort().map((name): TreeNode => {
      const path = prefix + name;
      return { type: 'folder', name, path, children: convert(folder.folders.get(name)!, `${path}/`) };
    }),
    ...folder.files.sort().map((path): TreeNode => ({ type: 'file', name: path.slice(path.lastIndexOf('/') + 1), path })),
  ];
  return convert(root, '');
}

/** The rows a reader sees, given which folders are collapsed (folders start expanded). */
export function visibleRows(tree: readonly TreeNode[], collapsed: ReadonlySet<string>, depth = 0): TreeRow[] {
  const rows: TreeRow[] = [];
  for (const node of tree) {
    const expanded = node.type === 'folder' && !collapsed.has(node.path);
    rows.push({ node, depth, expanded });
    if (node.type === 'folder' && expanded) rows.push(...visibleRows(node.children, collapsed, depth + 1));
  }
  return rows;
}

/** The folder that holds a row (for Left on a file or collapsed folder). */
export function parentPath(path: string): string | undefined {
  const i = path.lastIndexOf('/');
  return i < 0 ? undefined : path.slice(0, i);
}
