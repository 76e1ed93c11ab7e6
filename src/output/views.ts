/**
 * Which columns each model shows. List views are the table (and the pipe's
 * tab-separated columns, in the same order); detail views are `get` output.
 * The pipe column order is documented in README.md and is part of the contract.
 */
import type { FileDoc, FileStatus, Library, Share } from '../model.js';
import type { View } from './render.js';

export const libraryList: View<Library> = {
  id: (l) => l.id,
  columns: [
    { header: 'id', value: (l) => l.id, kind: 'id' },
    { header: 'name', value: (l) => l.name },
    { header: 'documents', value: (l) => l.documents },
    { header: 'size', value: (l) => l.size, kind: 'size' },
    { header: 'updated', value: (l) => l.updatedAt, kind: 'time' },
  ],
};

export const libraryDetail: View<Library> = {
  id: (l) => l.id,
  columns: [
    { header: 'id', value: (l) => l.id },
    { header: 'name', value: (l) => l.name },
    { header: 'description', value: (l) => l.description },
    { header: 'naturalId', value: (l) => l.naturalId },
    { header: 'type', value: (l) => l.type },
    { header: 'owner', value: (l) => l.ownerId },
    { header: 'shared', value: (l) => l.shared },
    { header: 'documents', value: (l) => l.documents },
    { header: 'size', value: (l) => l.size, kind: 'size' },
    { header: 'created', value: (l) => l.createdAt, kind: 'time' },
    { header: 'updated', value: (l) => l.updatedAt, kind: 'time' },
    { header: 'synced', value: (l) => l.syncedAt, kind: 'time' },
  ],
};

export const fileList: View<FileDoc> = {
  id: (f) => f.id,
  columns: [
    { header: 'id', value: (f) => f.id, kind: 'id' },
    { header: 'name', value: (f) => f.name },
    { header: 'path', value: (f) => f.path },
    { header: 'status', value: (f) => f.status, kind: 'status' },
    { header: 'size', value: (f) => f.size, kind: 'size' },
    { header: 'labels', value: (f) => f.labels, kind: 'list' },
    { header: 'updated', value: (f) => f.updatedAt, kind: 'time' },
  ],
};

export const fileDetail: View<FileDoc> = {
  id: (f) => f.id,
  columns: [
    { header: 'id', value: (f) => f.id },
    { header: 'library', value: (f) => f.libraryId },
    { header: 'name', value: (f) => f.name },
    { header: 'path', value: (f) => f.path },
    { header: 'labels', value: (f) => f.labels, kind: 'list' },
    { header: 'publicUrl', value: (f) => f.publicUrl },
    { header: 'mimeType', value: (f) => f.mimeType },
    { header: 'size', value: (f) => f.size, kind: 'size' },
    { header: 'hash', value: (f) => f.hash },
    { header: 'status', value: (f) => f.status, kind: 'status' },
    { header: 'providerStatus', value: (f) => f.providerStatus },
    { header: 'summary', value: (f) => f.summary },
    { header: 'pages', value: (f) => f.pages },
    { header: 'attributes', value: (f) => (Object.keys(f.attributes).length ? f.attributes : null) },
    { header: 'created', value: (f) => f.createdAt, kind: 'time' },
    { header: 'updated', value: (f) => f.updatedAt, kind: 'time' },
    { header: 'error', value: (f) => f.error },
    { header: 'textNote', value: (f) => f.textNote },
  ],
};

export const fileStatus: View<FileStatus> = {
  id: (s) => s.id,
  columns: [
    { header: 'id', value: (s) => s.id, kind: 'id' },
    { header: 'name', value: (s) => s.name },
    { header: 'status', value: (s) => s.status, kind: 'status' },
    { header: 'providerStatus', value: (s) => s.providerStatus },
    { header: 'error', value: (s) => s.error },
    { header: 'textNote', value: (s) => s.textNote },
  ],
};

export const shareList: View<Share> = {
  id: (s) => s.principalId,
  columns: [
    { header: 'type', value: (s) => s.principalType },
    { header: 'principal', value: (s) => s.principalId },
    { header: 'level', value: (s) => s.level, kind: 'status' },
  ],
};
