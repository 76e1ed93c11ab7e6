/** What a dialect's handlers receive: the server's state and one authenticated request. */
import type { IncomingMessage } from 'node:http';
import type { Store } from '../store/index.js';
import type { Dialect } from './dialects.js';
import type { Reply } from './http.js';
import type { Principal } from './principals.js';
import type { UrlSigner } from './signed-urls.js';

/** Server-wide state, made once at start. */
export interface Env {
  store: Store;
  orgId: string;
  workspaceId: string;
  /** How long new and reprocessed documents take to become ready. */
  processingMs: number;
  signer: UrlSigner;
  /** The directory standing in for cloud drives (hal: a library's data.folderId is a folder under it); null: none. */
  driveRoot: string | null;
  /** How often background work checks what is due (hal's syncIntervals), in ms; 0: never. */
  syncCheckMs: number;
  /** ai21: the largest file and the largest account library, in bytes (AI21's 5 MB and 1 GB unless told). */
  ai21Limits?: { maxFileBytes: number; maxLibraryBytes: number };
}

export interface Call {
  env: Env;
  req: IncomingMessage;
  url: URL;
  /** Path parameters, percent-decoded, not yet validated. */
  params: Record<string, string>;
  caller: Principal;
  /** The dialect whose prefix the request is under (its name goes into signed links). */
  dialect: Dialect;
  /** The origin the client used (from Host), for links it can follow back: http://host:port. */
  baseUrl: string;
}

export type Handler = (call: Call) => Promise<Reply>;
