/**
 * The providers lib knows, as data: name, default base URL, key variables,
 * what each can do, and how to load it. Profiles, precedence, the factory,
 * the capability checks (before any request), help text and completion read
 * this table; adding a provider is a folder under providers/ and an entry here.
 */
import type { PrincipalType, ShareLevel } from '../model.js';

/** What a provider can honour. A flag it cannot is refused before any request (exit 2). */
export interface Capabilities {
  /** Many libraries, or one account-wide library (no create, update or delete). */
  libraries: 'many' | 'one';
  /** `library create --type/--data` (drivers). */
  libraryTypes: boolean;
  /** Files live in folders (`--path`). */
  paths: boolean;
  /** Labels, and whether an update sends the whole set (so add/remove read them first). */
  labels: false | 'merge' | 'replace';
  publicUrl: boolean;
  attributes: boolean;
  /** `file update --name`. */
  rename: boolean;
  /** Page ranges of the extracted text (`file text --pages`). */
  pages: boolean;
  text: boolean;
  download: boolean;
  signedUrls: boolean;
  reprocess: boolean;
  sharing: false | { principals: readonly PrincipalType[]; levels: readonly ShareLevel[] };
  /** `library owner`. */
  owner: boolean;
  /** `library sync`, `--sync-interval`. */
  remoteSync: boolean;
  /** The content hash a file reports, for comparing with a local file (sync). */
  contentHash: 'sha256' | null;
}

export type ProviderName = 'local' | 'mistral' | 'ai21' | 'hal';

export interface ProviderEntry {
  name: ProviderName;
  /** For help and errors: "Mistral's Libraries API". */
  title: string;
  defaultBaseUrl?: string;
  /** The vendor's own key variable, read after LIB_API_KEY. */
  keyEnv?: string;
  /**
   * The prefix the API's own paths start with ("/v1"), which a base URL may
   * already end in and then means the same server: the provider and `lib api`
   * drop it from the base URL, and `lib api` PATHs include it.
   */
  apiPrefix?: string;
  capabilities: Capabilities;
  /** With `libraries: 'one'`: the id lib gives that one library, so `--library` may be left out. */
  libraryId?: string;
  /** What the API accepts for an upload, checked before any byte is sent (exit 2). */
  uploads?: UploadLimits;
}

export interface UploadLimits {
  /** The largest file, in bytes. */
  maxFileBytes: number;
  /** File extensions accepted (lower case, no dot), and how the API names them in messages. */
  extensions: readonly string[];
  types: string;
}

const NOTHING_REMOTE = { owner: false, remoteSync: false } as const;

export const REGISTRY: Readonly<Record<ProviderName, ProviderEntry>> = {
  local: {
    name: 'local',
    title: 'the embedded local store',
    capabilities: {
      libraries: 'many',
      libraryTypes: false,
      paths: true,
      labels: 'merge',
      publicUrl: true,
      attributes: true,
      rename: true,
      pages: false,
      text: true,
      download: true,
      signedUrls: false,
      reprocess: false,
      sharing: { principals: ['user', 'workspace', 'org'], levels: ['viewer', 'editor'] },
      ...NOTHING_REMOTE,
      contentHash: 'sha256',
    },
  },
  mistral: {
    name: 'mistral',
    title: "Mistral's Libraries API",
    defaultBaseUrl: 'https://api.mistral.ai',
    keyEnv: 'MISTRAL_API_KEY',
    apiPrefix: '/v1',
    capabilities: {
      libraries: 'many',
      libraryTypes: false,
      paths: false,
      labels: false,
      publicUrl: false,
      attributes: true,
      rename: true,
      pages: true,
      text: true,
      download: true,
      signedUrls: true,
      reprocess: true,
      sharing: { principals: ['user', 'workspace', 'org'], levels: ['viewer', 'editor'] },
      ...NOTHING_REMOTE,
      contentHash: 'sha256',
    },
  },
  ai21: {
    name: 'ai21',
    title: "AI21 Studio's library",
    defaultBaseUrl: 'https://api.ai21.com/studio/v1',
    keyEnv: 'AI21_API_KEY',
    libraryId: 'ai21',
    // AI21 documents PDF, DOCX, HTML, TXT and MD, 5 MB a file (and 1 GB for the library, which the server checks).
    uploads: {
      maxFileBytes: 5 * 1024 * 1024,
      extensions: ['pdf', 'docx', 'html', 'htm', 'txt', 'md', 'markdown'],
      types: 'PDF, DOCX, HTML, TXT and MD',
    },
    capabilities: {
      libraries: 'one',
      libraryTypes: false,
      paths: true,
      labels: 'replace',
      publicUrl: true,
      attributes: false,
      rename: false,
      pages: false,
      text: false,
      download: false,
      signedUrls: false,
      reprocess: false,
      sharing: false,
      ...NOTHING_REMOTE,
      contentHash: null,
    },
  },
  hal: {
    name: 'hal',
    title: 'a HAL+JSON libraries API',
    apiPrefix: '/api',
    capabilities: {
      libraries: 'many',
      libraryTypes: true,
      paths: true,
      // The API's file update replaces the label set; add/remove read the file first.
      labels: 'replace',
      publicUrl: false,
      attributes: false,
      rename: true,
      pages: false,
      text: false,
      download: true,
      signedUrls: false,
      reprocess: false,
      // Users and teams (a team is the user id team:NAME), accessLevel 1 (viewer) or 2 (editor).
      sharing: { principals: ['user'], levels: ['viewer', 'editor'] },
      owner: true,
      remoteSync: true,
      contentHash: 'sha256',
    },
  },
};

export const PROVIDER_NAMES = Object.keys(REGISTRY) as ProviderName[];

/** Whether `provider` can do `what` (a boolean capability, or anything but false/null for the others). */
export function can(provider: ProviderName, what: keyof Capabilities): boolean {
  const value = REGISTRY[provider].capabilities[what];
  return value !== false && value !== null && value !== 'one';
}

/** The providers that can do `what`, for help text: "local, mistral". */
export function supportedBy(what: keyof Capabilities): string {
  return PROVIDER_NAMES.filter((p) => can(p, what)).join(', ');
}
