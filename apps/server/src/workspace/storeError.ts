/**
 * Expected failures of workspace file operations, as one named error with a
 * code. Routes map each code to an HTTP status in one place
 * (`http/errorHandler.ts`); the message is one sentence a person understands.
 */
export type StoreErrorCode =
  /** The path breaks a rule (see `paths.ts`) or names something that is not a file. */
  | 'bad-path'
  | 'not-found'
  /** Creating or renaming onto a path that is taken. */
  | 'exists'
  /** The file changed on disk since the client read it (its version differs from `baseVersion`). */
  | 'conflict'
  /** Content larger than the parser accepts: saving it would make a file nobody can open. */
  | 'too-large'
  /** The operating system refused (permissions, read-only file system). */
  | 'forbidden'
  /** The disk is full. */
  | 'no-space';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Extra fields for the response body, e.g. `currentVersion` on a conflict. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * Turns an operating-system error into a StoreError when it is one a user can
 * act on; anything else is returned unchanged (a bug or an unexpected failure,
 * which the server reports as a 500 and logs).
 */
export function fromFsError(error: unknown, path: string): unknown {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StoreError('forbidden', `The server is not allowed to change \`${path}\` (the file or its folder is read-only).`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new StoreError('no-space', `There is no space left on the disk to save \`${path}\`.`);
    case 'ENAMETOOLONG':
      return new StoreError('bad-path', `The path \`${path}\` is too long for the file system.`);
    case 'ENOTDIR':
      return new StoreError('bad-path', `A folder in the path \`${path}\` is a file.`);
    case 'EISDIR':
      return new StoreError('bad-path', `\`${path}\` is a folder, not a file.`);
    case 'EILSEQ':
      return new StoreError('bad-path', `The file system cannot store the name \`${path}\`.`);
    default:
      return error;
  }
}
