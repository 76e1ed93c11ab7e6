/**
 * The store's own errors: what went wrong in the store's terms (a kind and a
 * message), never an HTTP status or a vendor's body. Each `lib serve` dialect
 * maps the kind onto its vendor's answer (server/dialects.ts); the local
 * provider passes them on as they are, since each one is also the CLI's typed
 * error for that case (exit 3, 4, 5 or 2; see errors.ts).
 */
import { AuthError, ConflictError, NotFoundError, UsageError } from '../errors.js';

export type StoreErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'invalid';

/** No such library, file or principal. */
export class StoreNotFoundError extends NotFoundError {
  readonly kind = 'not_found' as const;
}

/** A rule of the store refuses the change (the owner's own access). */
export class StoreForbiddenError extends AuthError {
  readonly kind = 'forbidden' as const;
}

/** The name is taken. */
export class StoreConflictError extends ConflictError {
  readonly kind = 'conflict' as const;
}

/** A value the store cannot keep (an empty name, a bad level, a bad sort key). */
export class StoreInvalidError extends UsageError {
  readonly kind = 'invalid' as const;
}

export type StoreError = StoreNotFoundError | StoreForbiddenError | StoreConflictError | StoreInvalidError;

export function isStoreError(err: unknown): err is StoreError {
  return (
    err instanceof StoreNotFoundError ||
    err instanceof StoreForbiddenError ||
    err instanceof StoreConflictError ||
    err instanceof StoreInvalidError
  );
}
