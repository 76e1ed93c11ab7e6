/** hal's payloads as lib reads them (specs/hal-libraries.openapi.yaml); only what lib uses is typed. */

export interface LinkPayload {
  href: string;
}

export interface DriverPayload {
  id: string;
  name: string;
  supportsSync: boolean;
  supportsUpload: boolean;
  isLocal: boolean;
}

export interface LibraryPayload {
  id: string;
  name: string;
  type?: string | null;
  slug?: string | null;
  description?: string | null;
  ownerId?: string | null;
  naturalId?: string | null;
  shared?: boolean | null;
  syncedAt?: string | null;
  syncInterval?: number | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  data?: Record<string, unknown> | null;
  _embedded?: { 'inf:library-driver'?: DriverPayload };
  permissions?: { read: boolean; write: boolean; delete: boolean; sync: boolean };
}

export interface Collection<T> {
  _embedded: Record<string, T[]>;
  start: number;
  count: number;
  total: number;
}

export interface ListItemPayload {
  id: string;
  name: string;
  naturalId: string;
  ownerId: string;
}

export interface FilePayload {
  id: string;
  libraryId: string;
  name: string;
  path?: string | null;
  labels?: string[] | null;
  mimeType?: string | null;
  size?: number | null;
  sha256?: string | null;
  status: string;
  error?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

export interface SharePayload {
  principalId: string;
  principalType: string;
  accessLevel: number;
}

export interface SyncPayload {
  state: 'idle' | 'running' | 'succeeded' | 'failed';
  syncedAt: string | null;
  error: string | null;
  added: number;
  updated: number;
  removed: number;
}
