/**
 * The library drivers seed 002 names, and what each can do. Cloud drives
 * cannot be reached from here, so `lib serve` backs each with a directory:
 * with `--drive-root DIR`, a library whose `data.folderId` is `eng` syncs from
 * DIR/eng (see drive.ts). Files of a library whose driver does not take
 * uploads come only from sync.
 */
export interface Driver {
  id: string;
  name: string;
  supportsSync: boolean;
  supportsUpload: boolean;
  isLocal: boolean;
}

const cloud = (id: string, name: string): Driver => ({
  id,
  name,
  supportsSync: true,
  supportsUpload: false,
  isLocal: false,
});

export const DRIVERS: readonly Driver[] = [
  { id: 'local', name: 'Local', supportsSync: false, supportsUpload: true, isLocal: true },
  cloud('google-drive', 'Google Drive'),
  cloud('onedrive', 'OneDrive'),
  cloud('sharepoint', 'SharePoint'),
  cloud('dropbox', 'Dropbox'),
];

export const DRIVER_IDS = DRIVERS.map((d) => d.id);

/** A library's driver; a library made by another dialect (type null) is local. */
export function driverOf(type: string | null): Driver {
  return DRIVERS.find((d) => d.id === (type ?? 'local')) ?? DRIVERS[0]!;
}
