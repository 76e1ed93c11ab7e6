export { createHttpClient, userAgent, DEFAULT_TIMEOUTS, } from './client.js';
export { detailOf } from './errors.js';
export { fileForm } from './multipart.js';
export { mimeTypeFor } from '../store/mime.js';
export { isLoopback } from './security.js';
//# sourceMappingURL=index.js.map