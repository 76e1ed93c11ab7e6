/**
 * What writers that died leave in the data dir is swept when a store opens and
 * after each upload: their temp files, and a blob linked into place by a writer
 * killed before its row committed. A live writer's files are never touched.
 * And the store is private whatever the umask.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { bytes, tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
const UUID = () => crypto.randomUUID();
const HASH = (c: string) => c.repeat(64);

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

function blobPath(data: string, hash: string): string {
  return join(data, 'blobs', hash.slice(0, 2), hash);
}

describe('sweeping what dead writers left', () => {
  it('removes dead writers temp files and unreferenced blobs; keeps live ones and referenced blobs', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const data = join(dir, 'data');
    const s1 = openStore(data);
    const lib = s1.createLibrary({ ownerId: s1.localPrincipal().id, name: 'docs' });
    const kept = await s1.putFile({ libraryId: lib.id, name: 'kept.md', content: bytes('kept') });
    s1.close();

    const tmp = join(data, 'tmp');
    const dead = deadPid();
    const live = spawn('sleep', ['30']);
    cleanups.push(() => live.kill());
    const orphan = HASH('a');
    mkdirSync(join(data, 'blobs', 'aa'), { recursive: true });
    writeFileSync(blobPath(data, orphan), 'orphan');

    const files = {
      streaming: join(tmp, `${HOST}~${dead}~${UUID()}.tmp`), // died while streaming
      linked: join(tmp, `${HOST}~${dead}~${UUID()}~${orphan}.tmp`), // died between link and commit
      reused: join(tmp, `${HOST}~${dead}~${UUID()}~${kept.file.hash}.tmp`), // its blob is another file's
      live: join(tmp, `${HOST}~${live.pid}~${UUID()}.tmp`),
      foreignFresh: join(tmp, `elsewhere~1~${UUID()}.tmp`),
      foreignStale: join(tmp, `elsewhere~1~${UUID()}.tmp`),
    };
    for (const p of Object.values(files)) writeFileSync(p, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(files.foreignStale, twoDaysAgo, twoDaysAgo);

    const s2 = openStore(data);
    cleanups.push(() => s2.close());
    const left = readdirSync(tmp).sort();
    expect(left).toEqual([files.live, files.foreignFresh].map((p) => p.slice(tmp.length + 1)).sort());
    expect(existsSync(blobPath(data, orphan))).toBe(false);
    expect(existsSync(blobPath(data, kept.file.hash))).toBe(true);
    expect(s2.getFile(kept.file.id)?.size).toBe(4);
  });

  it('an upload sweeps too, and leaves no temp file of its own', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const data = join(dir, 'data');
    const s = openStore(data);
    cleanups.push(() => s.close());
    const lib = s.createLibrary({ ownerId: s.localPrincipal().id, name: 'docs' });
    const stray = join(data, 'tmp', `${HOST}~${deadPid()}~${UUID()}.tmp`);
    writeFileSync(stray, 'left by a killed upload');
    await s.putFile({ libraryId: lib.id, name: 'a.md', content: bytes('a') });
    expect(readdirSync(join(data, 'tmp'))).toEqual([]);
  });
});

describe('permissions', () => {
  it('the data dir, its folders and lib.db are private whatever the umask', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const data = join(dir, 'data');
    const old = process.umask(0);
    try {
      const s = openStore(data);
      const lib = s.createLibrary({ ownerId: s.localPrincipal().id, name: 'docs' });
      const put = await s.putFile({ libraryId: lib.id, name: 'a.md', content: bytes('a') });
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect({
        data: mode(data),
        blobs: mode(join(data, 'blobs')),
        tmp: mode(join(data, 'tmp')),
        prefix: mode(join(data, 'blobs', put.file.hash.slice(0, 2))),
        db: mode(join(data, 'lib.db')),
        wal: mode(join(data, 'lib.db-wal')),
        blob: mode(blobPath(data, put.file.hash)),
      }).toEqual({ data: '700', blobs: '700', tmp: '700', prefix: '700', db: '600', wal: '600', blob: '600' });
      s.close();
    } finally {
      process.umask(old);
    }
  });
});
