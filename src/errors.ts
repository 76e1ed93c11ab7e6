/**
 * Typed errors. Everything below src/main.ts throws one of these; main.ts alone
 * maps them to an exit code (see ExitCode) and prints the one-line message.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  conflict: 5,
  partial: 6,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LibError extends Error {
  exitCode: ExitCodeValue = ExitCode.failed;
  /** Optional second line printed after the message, e.g. "Try: lib profile add". */
  hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
  }
}

/** Bad flags or input, detected before any request is sent. Exit 2. */
export class UsageError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.usage;
}

/** The provider lacks the operation (e.g. ai21 has no sharing). Exit 2. */
export class UnsupportedError extends UsageError {}

/** Exit 3. */
export class NotFoundError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.notFound;
}

/** Not authenticated or not allowed. Exit 4. */
export class AuthError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.auth;
}

/** Already exists, or not deletable in its current state. Exit 5. */
export class ConflictError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.conflict;
}

/** A bulk command where some items failed. Exit 6. */
export class PartialError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.partial;
  constructor(
    message: string,
    readonly failures: { item: string; error: string }[],
  ) {
    super(message);
  }
}

/**
 * A bulk command where every item failed: nothing was done, so this is not a
 * partial success. It exits with the items' common code (5 when every upload
 * was a conflict, 3 when every one was missing), or 1 when they differ.
 */
export class BulkFailedError extends LibError {
  constructor(
    message: string,
    readonly failures: { item: string; error: string }[],
    exitCode: ExitCodeValue,
  ) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The user pressed Ctrl-C (exit 130) or declined a confirmation (exit 1). */
export class CancelError extends LibError {
  override exitCode: ExitCodeValue = ExitCode.interrupted;
  constructor(message: string, options?: { exitCode?: ExitCodeValue; cause?: unknown }) {
    super(message, { cause: options?.cause });
    if (options?.exitCode !== undefined) this.exitCode = options.exitCode;
  }
}

/** A server, network or unexpected failure. Exit 1. */
export class FailedError extends LibError {}

/**
 * An HTTP error from a remote API, carrying the status so the provider can map
 * it to one of the errors above with a message in the user's terms.
 */
export class ApiError extends LibError {
  /** Which attempt got this answer: above 1, an earlier attempt may have done the work. */
  attempt = 1;
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
    this.exitCode = exitCodeForStatus(status);
  }
}

export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 409) return ExitCode.conflict;
  if (status === 400 || status === 422) return ExitCode.usage;
  return ExitCode.failed;
}
