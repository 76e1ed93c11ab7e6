/**
 * Several processes writing one store at once lose nothing. Children import
 * the compiled store from dist/ (there is no TS loader at run time), so this
 * runs after `npm run build`, as `npm test` does; it is skipped otherwise.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempDir } from './helpers.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/store/index.js');
const built = existsSync(DIST);
if (!built) console.warn(`skipping the multi-process store test: ${DIST} is missing (run npm run build)`);

// Twice the machine's two cores, each writing as much as eight did (160 files in all): every
// writer still races the others' migration, library name and blobs, for half the process starts.
const PROCESSES = 4;
const FILES_EACH = 40;

// Each child opens a fresh store (racing the migration), creates-or-finds the
// library (racing the unique name), then uploads files; every other one has
// content another child also uploads and deletes, so blob promotion and blob
// collection race too.
const CHILD = `
import { openStore } from ${JSON.stringify(pathToFileURL(DIST).href)};
const [dir, who, n] = process.argv.slice(2);
const store = openStore(dir);
const owner = store.localPrincipal().id;
let lib;
try { lib = store.createLibrary({ ownerId: owner, name: 'shared' }); }
catch (err) { if (err.kind !== 'conflict') throw err; lib = store.findLibrariesByName('shared')[0]; }
const enc = new TextEncoder();
for (let i = 0; i < Number(n); i++) {
  const content = enc.encode(i % 2 ? 'common content ' + i : 'child ' + who + ' file ' + i);
  await store.putFile({ libraryId: lib.id, name: 'c' + who + '-' + i + '.txt', content });
  const tmp = await store.putFile({ libraryId: lib.id, name: 'tmp-' + who + '-' + i + '.txt', content });
  store.deleteFile(tmp.file.id);
}
store.close();
`;

function run(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe.skipIf(!built)('concurrent writers', () => {
  const tmp = tempDir('lib-store-mp-');
  afterAll(() => tmp.cleanup());

  it(`${PROCESSES} processes uploading into one library lose nothing`, { timeout: 120_000 }, async () => {
    const script = join(tmp.dir, 'child.mjs');
    writeFileSync(script, CHILD);
    const data = join(tmp.dir, 'data');
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) => run(script, [data, String(i), String(FILES_EACH)])),
    );
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

    const store = openStore(data);
    try {
      expect(store.findLibrariesByName('shared')).toHaveLength(1);
      const lib = store.findLibrariesByName('shared')[0]!;
      const files = store.listFiles(lib.id);
      const expected = Array.from({ length: PROCESSES }, (_, w) =>
        Array.from({ length: FILES_EACH }, (_, i) => `c${w}-${i}.txt`),
      ).flat();
      expect(files.map((f) => f.name).sort()).toEqual(expected.sort());
      for (const f of files) expect(existsSync(join(data, 'blobs', f.hash.slice(0, 2), f.hash)), f.name).toBe(true);
      expect(store.integrityCheck()).toBe('ok');
      expect(readdirSync(join(data, 'tmp'))).toEqual([]);
      expect(store.collectGarbage().blobs).toBe(0); // nothing was left unreferenced
    } finally {
      store.close();
    }
  });
});
