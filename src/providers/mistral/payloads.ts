/**
 * Mistral's own payloads (specs/mistral-libraries.openapi.yaml), only
 * the fields we read or send. Vendor field names live here and in map.ts and
 * go no further than src/providers/mistral.
 */

export interface LibraryPayload {
  id: string;
  name: string;
  description?: string | null;
  created_at?: string;
  updated_at?: string;
  owner_id?: string | null;
  owner_type?: string;
  total_size?: number;
  nb_documents?: number;
  chunk_size?: number | null;
}

export interface ListLibrariesResponse {
  data: LibraryPayload[];
  /** Opaque; null when there are no more pages. */
  next_page_token?: string | null;
}

export type ProcessStatus =
  'self_managed' | 'missing_content' | 'noop' | 'done' | 'todo' | 'in_progress' | 'error' | 'waiting_for_capacity';

export interface DocumentPayload {
  id: string;
  library_id: string;
  name: string;
  hash?: string | null;
  mime_type?: string | null;
  extension?: string | null;
  size?: number | null;
  summary?: string | null;
  created_at?: string;
  last_processed_at?: string | null;
  number_of_pages?: number | null;
  process_status?: ProcessStatus | string;
  attributes?: Record<string, unknown> | null;
}

export interface PaginationInfo {
  total_items: number;
  total_pages: number;
  current_page: number;
  page_size: number;
  has_more: boolean;
}

export interface ListDocumentsResponse {
  pagination?: PaginationInfo;
  data: DocumentPayload[];
}

export interface ProcessingStatusPayload {
  document_id: string;
  process_status: ProcessStatus | string;
}

export interface TextContentPayload {
  text: string;
}

export type EntityType = 'User' | 'Workspace' | 'Org';
export type ShareEnum = 'Viewer' | 'Editor';

export interface SharingPayload {
  library_id: string;
  user_id?: string | null;
  org_id?: string;
  role: string;
  share_with_type: string;
  share_with_uuid: string | null;
}

export interface ListSharingResponse {
  data: SharingPayload[];
}

/** PUT /share. org_id is deprecated and never sent. */
export interface SharingRequest {
  level: ShareEnum;
  share_with_uuid: string;
  share_with_type: EntityType;
}

/**
 * DELETE /share. The spec lists `level` as required but defines no such
 * property (a known flaw); the official SDKs send none, and neither do we.
 */
export interface SharingDelete {
  share_with_uuid: string;
  share_with_type: EntityType;
}
