/**
 * A vendor's processing words onto the uniform status (DESIGN.md "The uniform
 * model"). Each provider keeps its own table beside its mapping, so no
 * vendor's words live in the shared model or the store:
 *   - mistral: STATUS_WORDS in src/providers/mistral/map.ts
 *     (todo, waiting_for_capacity, in_progress, done, noop, self_managed, error, missing_content);
 *   - ai21: STATUS_WORDS in src/providers/ai21/map.ts (DB_RECORD_CREATED, UPLOADED,
 *     PROCESSING, PROCESSED, UPLOAD_FAILED, PROCESSING_FAILED);
 *   - hal: in src/providers/hal/;
 *   - local: none; the store's own word is the status and the providerStatus.
 * The `lib serve` dialects map the other way, the store's word onto the
 * vendor's, in src/server/<dialect>/.
 */
import type { Status } from '../../model.js';

/** Vendor word (compared case-insensitively; keys in lower case) -> status. */
export type StatusWords = Readonly<Record<string, Status>>;

/** The status for `word`; a missing or unknown word is `fallback` (pending: not yet known to be done). */
export function statusFrom(words: StatusWords, word: string | null | undefined, fallback: Status = 'pending'): Status {
  if (!word) return fallback;
  return words[word.toLowerCase()] ?? fallback;
}
