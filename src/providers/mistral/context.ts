import type { HttpClient } from '../../http/index.js';

/** What every group of Mistral operations shares. */
export interface Ctx {
  http: HttpClient;
  /** Document names by id, remembered from earlier calls so `file wait` polls the status endpoint alone. */
  names: Map<string, string>;
}

export const libPath = (libraryId: string): string => `/v1/libraries/${encodeURIComponent(libraryId)}`;

export const docPath = (libraryId: string, documentId: string): string =>
  `${libPath(libraryId)}/documents/${encodeURIComponent(documentId)}`;
