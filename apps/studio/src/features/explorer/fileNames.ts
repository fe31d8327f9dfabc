/**
 * Names of files made, renamed or restored from the Explorer in a change request, checked before
 * the request so a person hears at once why a name cannot be (core's `workspacePathProblem`, the
 * rules the server checks regardless, in words for the person typing; the server also refuses a
 * name that exists, 409); the first content of a new file; and the pickers' items for New File…, Rename…
 * and Delete. Pure, tested in Node (test/features/explorer/fileNames.test.ts checks these rules
 * agree with the server's on a table of names).
 */
import { KINDS, MAX_PATH_LENGTH, MAX_SEGMENT_BYTES, workspacePathProblem, type PathProblem } from '@colloquy/core';
import { baseName, kindFromPath } from '../../state/kinds.ts';
import type { QuickPickItem } from '../../workbench/quickPickItem.ts';

export type NameCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** What a name is checked against: the change's files (its view of the workspace), and for a rename the file renamed. */
export interface NameContext {
  readonly existing: ReadonlySet<string>;
  /** The change request, named in "already exists in CR-3". */
  readonly change: string;
  /** Renaming this file: the new name must differ from it. */
  readonly from?: string;
}

/**
 * Why `input` cannot name a new file of the change, or the path it names (the input trimmed at
 * both ends: a stray space typed before Enter is not part of a name).
 */
export function checkFileName(input: string, context: NameContext): NameCheck {
  const path = input.trim();
  const problem = workspacePathProblem(path);
  if (problem) return { ok: false, reason: reasonOf(problem) };
  const refuse = (reason: string): NameCheck => ({ ok: false, reason });
  if (context.from !== undefined && path === context.from) return refuse(`${path} already has that name: type another.`);
  if (context.existing.has(path)) return refuse(`${path} already exists in ${context.change}.`);
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const folder = segments.slice(0, i).join('/');
    if (context.existing.has(folder)) return refuse(`${folder} is a file, so it cannot be a folder too.`);
  }
  return { ok: true, path };
}

/** A path problem (core's rules, the server's too) in words for someone typing a name. */
function reasonOf(problem: PathProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'Type a file name, e.g. flows/new_flow.flow.yaml.';
    case 'too-long':
      return `A path has at most ${MAX_PATH_LENGTH} characters (this one has ${problem.length}).`;
    case 'nul':
    case 'control-character':
      return 'A name cannot contain a control character or a line break.';
    case 'backslash':
      return 'Use / between folders, not \\.';
    case 'absolute':
      return 'Give the path relative to the workspace folder, without a leading / or drive.';
    case 'not-unicode':
      return 'The name is not valid Unicode.';
    case 'non-portable-character':
      return 'A name cannot contain < > : " | ? *, which not every system allows in file names.';
    case 'empty-segment':
      return problem.last ? 'The path ends with /: add the file name.' : 'The path has an empty folder name (a leading or doubled /).';
    case 'dot-segment':
      return 'A path cannot contain . or .. : give it from the workspace folder down.';
    case 'spaced-segment':
      return `“${problem.segment}” starts or ends with a space.`;
    case 'long-segment':
      return `A name in the path is longer than ${MAX_SEGMENT_BYTES} bytes.`;
    case 'skipped-folder':
      return `Files in “${problem.segment}” are not part of the workspace (hidden folders and node_modules are skipped).`;
    case 'not-yaml':
      return 'Workspace files are YAML: end the name with .yaml or .yml (a flow: name.flow.yaml).';
  }
}

/** The part of `path` Rename selects at first: the file's name without its folder and kind suffix. */
export function nameSelection(path: string): [number, number] {
  const start = path.lastIndexOf('/') + 1;
  const kind = kindFromPath(path);
  const suffix = kind && kind !== 'agent' ? KINDS[kind].suffix : (/\.ya?ml$/i.exec(path)?.[0] ?? '');
  const end = path.endsWith(suffix) && path.length - suffix.length > start ? path.length - suffix.length : path.length;
  return [start, end];
}

/** A folder's path as the prompt starts it (`flows/`), or '' for the workspace root. */
export function folderPrefix(folder: string | undefined): string {
  return folder ? `${folder}/` : '';
}

/**
 * The first content of a new file, from its name's kind: a flow that validates (one node that
 * ends the conversation) for `*.flow.yaml`, the kind and version for the other kinds (the
 * Problems panel then lists what they need), empty for other YAML.
 */
export function newFileContent(path: string): string {
  const kind = kindFromPath(path);
  if (!kind) return '';
  const stem = stemOf(path, kind === 'agent' ? '' : KINDS[kind].suffix);
  const head = `kind: ${kind}\nversion: ${KINDS[kind].version}\n`;
  if (kind === 'agent') return head;
  if (kind !== 'flow') return `${head}id: ${scalar(stem)}\n`;
  return `${head}id: ${scalar(stem)}\ntitle: ${scalar(titleOf(stem))}\nstart: start\nnodes:\n  start:\n    say: "Hello."\n    end: resolved\n`;
}

/**
 * A free name for a copy of `path` kept from an offline copy (`flows/a.flow.yaml` →
 * `flows/a-restored.flow.yaml`, then `-restored-2`…), keeping the kind's suffix so the copy is
 * read as the same kind.
 */
export function restoredName(path: string, existing: ReadonlySet<string>): string {
  const kind = kindFromPath(path);
  const suffix = kind && kind !== 'agent' ? KINDS[kind].suffix : (/\.ya?ml$/i.exec(path)?.[0] ?? '.yaml');
  const stem = path.endsWith(suffix) ? path.slice(0, -suffix.length) : path;
  for (let n = 1; ; n++) {
    const candidate = `${stem}-restored${n === 1 ? '' : `-${n}`}${suffix}`;
    if (!existing.has(candidate)) return candidate;
  }
}

// --- the pickers' items ---------------------------------------------------------------------

/** New File…: one item, "Create <path>", for a name that may be created; else one inert item saying why. */
export function newFileItems(query: string, context: NameContext): QuickPickItem[] {
  if (query.trim() === '') return [{ id: '', label: 'Type the new file’s path, e.g. flows/new_flow.flow.yaml', inert: true }];
  const check = checkFileName(query, context);
  if (!check.ok) return [{ id: '', label: check.reason, inert: true }];
  return [{ id: check.path, label: `Create ${check.path}`, detail: `A new file in ${context.change}: everyone in it sees it at once.` }];
}

/** Rename…: one item, "Rename <from> to <to>", or one inert item saying why not. */
export function renameItems(query: string, context: NameContext & { readonly from: string }): QuickPickItem[] {
  if (query.trim() === '' || query.trim() === context.from) return [{ id: '', label: `Type a new path for ${context.from}`, inert: true }];
  const check = checkFileName(query, context);
  if (!check.ok) return [{ id: '', label: check.reason, inert: true }];
  return [{ id: check.path, label: `Rename ${context.from} to ${check.path}`, detail: 'Open tabs follow it, yours and everyone’s; nothing typed is lost.' }];
}

/** Delete: the confirmation, naming the file; Cancel first, so a stray Enter deletes nothing. */
export function deleteItems(path: string, change: string): QuickPickItem[] {
  return [
    { id: '', label: 'Cancel' },
    { id: path, label: `Delete ${path}`, detail: `Removes it from ${change} for everyone in it; open tabs of it close.` },
  ];
}

function stemOf(path: string, suffix: string): string {
  const name = baseName(path);
  const withoutSuffix = suffix && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name.replace(/\.ya?ml$/i, '');
  return withoutSuffix;
}

/** A YAML scalar: plain when it is a simple word, else quoted (JSON strings are YAML). */
function scalar(text: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/.test(text) && !text.endsWith(' ') ? text : JSON.stringify(text);
}

function titleOf(stem: string): string {
  const words = stem.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'New flow';
}
