/** The embedded store's public surface: import from here, not from its modules. */
export { openStore, Store, type StoreOptions } from './store.js';
export type { SharePrincipal } from './shares.js';
export { LOCAL_PRINCIPAL, TEAM_PREFIX } from './principals.js';
export { slugify } from './slugs.js';
export { DEFAULT_MIME_TYPE, extensionOf, mimeTypeFor } from '../mime.js';
export { checkFileName, checkLibraryName } from './names.js';
export { isTextLike, htmlToText, TEXT_CAP_BYTES } from './text.js';
export type * from './types.js';
export {
  isStoreError,
  StoreConflictError,
  StoreForbiddenError,
  StoreInvalidError,
  StoreNotFoundError,
  type StoreError,
  type StoreErrorKind,
} from './errors.js';
