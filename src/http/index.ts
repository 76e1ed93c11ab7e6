export {
  createHttpClient,
  userAgent,
  DEFAULT_TIMEOUTS,
  type HttpClient,
  type HttpClientOptions,
  type HttpResponse,
  type RequestOptions,
  type Query,
  type Expect,
  type Timeouts,
} from './client.js';
export { detailOf } from './errors.js';
export { fileForm } from './multipart.js';
export { isLoopback } from './security.js';
