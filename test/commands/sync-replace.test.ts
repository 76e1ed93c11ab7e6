/**
 * How sync replaces a file, by what the library answers (no server: a fake
 * Provider holding files in memory). A library that takes duplicate names
 * (Mistral) gets the new file beside the old, then the old deleted by id; one
 * that refuses them replaces through the provider's overwrite; one that
 * refuses duplicates and cannot overwrite (a conflict either way, as AI21's
 * API may) has the old deleted first, and a failed upload after that says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { carryOut } from '../../src/commands/file/sync.js';
import type { LocalFile, RemoteFile } from '../../src/commands/file/sync-plan.js';
import { ConflictError, FailedError } from '../../src/errors.js';
import type { FileDoc } from '../../src/model.js';
import type { Provider, UploadInput } from '../../src/providers/types.js';

type Mode = 'duplicates' | 'overwrite' | 'neither';

function fake(mode: Mode, opts: { failUpload?: boolean } = {}) {
  const files = new Map<string, { name: string; content: string }>([['old', { name: 'a.md', content: 'v1' }]]);
  const log: string[] = [];
  let n = 0;
  const doc = (id: string): FileDoc => ({ id, name: files.get(id)!.name }) as FileDoc;
  const provider = {
    name: 'fake',
    hasPaths: true,
    async uploadFile(_lib: string, input: UploadInput) {
      log.push(`upload overwrite=${Boolean(input.overwrite)}`);
      const same = [...files.entries()].find(([, f]) => f.name === input.name);
      if (same && mode !== 'duplicates' && !(input.overwrite && mode === 'overwrite'))
        throw new ConflictError('a file with this name exists');
      if (opts.failUpload) throw new FailedError('server error (fake, 500)');
      const content = fs.readFileSync(input.filePath, 'utf8');
      if (same && input.overwrite) {
        files.set(same[0], { name: input.name, content });
        return { file: doc(same[0]), outcome: 'replaced' as const };
      }
      const id = `new${++n}`;
      files.set(id, { name: input.name, content });
      return { file: doc(id), outcome: 'created' as const };
    },
    async deleteFile(_lib: string, id: string) {
      log.push(`delete ${id}`);
      files.delete(id);
    },
  } as unknown as Provider;
  return { provider, files, log };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-sync-replace-'));
fs.writeFileSync(path.join(dir, 'a.md'), 'v2');
const local: LocalFile = {
  rel: 'a.md',
  filePath: path.join(dir, 'a.md'),
  key: 'a.md',
  path: '',
  name: 'a.md',
  size: 2,
  mtimeMs: 0,
  sha256: 'x',
};
const remote: RemoteFile = {
  key: 'a.md',
  path: '',
  file: { id: 'old', name: 'a.md', hash: null, size: 2, updatedAt: null },
};
const replace = { kind: 'replace' as const, local, remote };
const signal = new AbortController().signal;
const contents = (files: Map<string, { content: string }>) => [...files.values()].map((f) => f.content);

describe('replacing a file', () => {
  it('where names may repeat: uploads beside the old one, then deletes the old one by id', async () => {
    const { provider, files, log } = fake('duplicates');
    const names = {};
    const r = await carryOut(provider, 'lib', replace, signal, false, names);
    expect(r.file?.id).toBe('new1');
    expect(log).toEqual(['upload overwrite=false', 'delete old']);
    expect(contents(files)).toEqual(['v2']);
    expect(names).toEqual({ duplicates: true });
  });

  it("where names are unique: the provider's overwrite, learnt once", async () => {
    const { provider, files, log } = fake('overwrite');
    const names = {};
    await carryOut(provider, 'lib', replace, signal, false, names);
    expect(log).toEqual(['upload overwrite=false', 'upload overwrite=true']);
    expect(names).toEqual({ duplicates: false });
    await carryOut(provider, 'lib', replace, signal, false, names);
    expect(log.slice(2)).toEqual(['upload overwrite=true']);
    expect(contents(files)).toEqual(['v2']);
  });

  it('where duplicates are refused and overwriting is not possible: delete, then upload', async () => {
    const { provider, files, log } = fake('neither');
    await carryOut(provider, 'lib', replace, signal, false, { duplicates: false });
    expect(log).toEqual(['upload overwrite=true', 'delete old', 'upload overwrite=false']);
    expect(contents(files)).toEqual(['v2']);
  });

  it('and when that upload fails, the error says the old version is gone; after an earlier failure it deletes nothing', async () => {
    const failing = fake('neither', { failUpload: true });
    await expect(carryOut(failing.provider, 'lib', replace, signal, false, { duplicates: false })).rejects.toThrow(
      'the old version was deleted and the new one failed to upload: server error (fake, 500)',
    );
    expect(contents(failing.files)).toEqual([]);
    const careful = fake('neither');
    await expect(carryOut(careful.provider, 'lib', replace, signal, true, { duplicates: false })).rejects.toThrow(
      ConflictError,
    );
    expect(careful.log).toEqual(['upload overwrite=true']);
    expect(contents(careful.files)).toEqual(['v1']);
  });
});
