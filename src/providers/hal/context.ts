import type { HttpClient } from '../../http/index.js';
import type { Library } from '../../model.js';

/** What every group of hal operations shares. */
export interface Ctx {
  http: HttpClient;
  /** Libraries seen in this run, by id: upload checks the driver without asking again. */
  libraries: Map<string, Library>;
}

/** hal answers application/hal+json; plain JSON is accepted too. */
export const ACCEPT = { accept: 'application/hal+json, application/json;q=0.9' };

export const libPath = (ref: string): string => `/api/libraries/${encodeURIComponent(ref)}`;
export const filePath = (libraryId: string, fileId: string): string =>
  `${libPath(libraryId)}/files/${encodeURIComponent(fileId)}`;
