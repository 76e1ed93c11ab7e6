/**
 * AI21's HTTP errors in the user's terms (see shared/errors.ts). AI21 answers
 * 422 for several things other APIs give their own status: a duplicate name
 * at the same path and a file still processing (conflicts, exit 5), an unknown
 * file id (not found, exit 3); other 422s are invalid input (exit 2).
 */
import { httpErrors } from '../shared/errors.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider ai21, or set AI21_API_KEY.';

export const ALREADY_EXISTS = /already exists/i;
export const STILL_PROCESSING = /PROCESSING.*(cannot|can't|not).*delet|cannot be deleted/i;
export const UNKNOWN_ID = /not found|does not exist|no such file|no file with/i;

export const { call, translate } = httpErrors({
  provider: 'ai21',
  authHint: AUTH_HINT,
  forbidden: {
    read: 'The API key has no access to this AI21 Studio library.',
    write: 'The API key has no write access to this AI21 Studio library.',
    owner: 'The API key has no access to this AI21 Studio library.',
  },
  classify: (status, detail) => {
    if (status === 422 && detail) {
      if (ALREADY_EXISTS.test(detail) || STILL_PROCESSING.test(detail)) return 'conflict';
      if (UNKNOWN_ID.test(detail)) return 'not_found';
    }
    return status === 413 ? 'usage' : undefined;
  },
});
