/**
 * hal's HTTP errors in the user's terms (see shared/errors.ts). Its error
 * bodies are {status, error, message, errors?}; detailOf reads `message`.
 */
import { httpErrors } from '../shared/errors.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider hal --base-url URL, or set LIB_API_KEY.';

export const { call, deleteCall, translate } = httpErrors({
  provider: 'hal',
  authHint: AUTH_HINT,
  forbidden: {
    read: "Ask the library's owner to share it with you, with your user id from: lib auth status",
    write: "Ask the library's owner for write access (accessLevel 2), with your user id from: lib auth status",
    owner: "Only the library's owner (or a member of the owning team) can do this.",
  },
  // An unknown new owner or share principal: the server names it.
  otherSubject: /no user or team/i,
  // A body too large for the API is the request's fault, not the server's.
  classify: (status) => (status === 413 ? 'usage' : undefined),
});
