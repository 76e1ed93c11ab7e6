/**
 * Mistral's HTTP errors in the user's terms: the subject ("library "Team
 * Docs"") and "(mistral, status)", so the one line on stderr says what failed
 * (see shared/errors.ts).
 */
import { httpErrors } from '../shared/errors.js';

export type { Access } from '../shared/errors.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider mistral, or set MISTRAL_API_KEY.';

export const { call, deleteCall, translate } = httpErrors({
  provider: 'mistral',
  authHint: AUTH_HINT,
  forbidden: {
    read: "Ask the library's owner to share it with you, with your user id from: lib auth status",
    write: "Ask the library's owner for editor access, with your user id from: lib auth status",
    owner: "Only the library's owner can do this.",
  },
  // "An owner cannot change their own role": nobody can grant that.
  ungrantable: /owner cannot/i,
  // The server says who is missing when it is not the subject (a user outside the organization).
  otherSubject: /organization/i,
});
