/** FastAPI's shapes, shared by the dialects whose vendors run FastAPI (mistral; ai21). */
export {
  detailError,
  fastapiErrors,
  fromStoreError,
  readJson,
  storeCall,
  validationError,
  type Issue,
} from './errors.js';
export { bodyObject, Issues, pathUuid } from './validation.js';
