/**
 * An expected refusal about a change request, with the HTTP status it is
 * answered with (http/errorResponse.ts) and, for a conflict, the files. Its
 * message is the sentence the person sees; it has been recorded in the audit
 * log by the time it is thrown, when it is a refusal of someone's request.
 */
export type ChangeErrorStatus = 400 | 403 | 404 | 409 | 422;

export class ChangeError extends Error {
  override readonly name = 'ChangeError';
  constructor(
    readonly status: ChangeErrorStatus,
    message: string,
    /** Fields a client acts on besides `error` (e.g. `files` in conflict). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
