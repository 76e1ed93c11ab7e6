/**
 * A recursive upload follows symbolic links to files and directories (as a
 * directly named symlink always was), skips a link to nothing and a link back
 * up the tree with one note each, and exits 0: nothing is dropped silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe.skipIf(process.platform === 'win32')('symlinks in a recursive upload', () => {
  it('are followed; broken links and loops are skipped with a note', async () => {
    sb.file('docs/a.md', '# a');
    sb.file('elsewhere/target.md', '# target');
    sb.file('shared/guide.md', '# guide');
    const docs = path.join(sb.work, 'docs');
    fs.symlinkSync('../elsewhere/target.md', path.join(docs, 'link.md'));
    fs.symlinkSync('../shared', path.join(docs, 'shared'));
    fs.symlinkSync('nowhere.md', path.join(docs, 'broken.md'));
    fs.mkdirSync(path.join(docs, 'sub'));
    fs.symlinkSync('..', path.join(docs, 'sub', 'up'));
    await sb.lib(['library', 'create', 'links', '-q']);

    const r = await sb.run(['file', 'upload', 'docs', '--recursive', '-l', 'links', '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `lib: docs${path.sep}broken.md: a symbolic link to nothing; skipped\n` +
        `lib: docs${path.sep}sub${path.sep}up${path.sep}: a symbolic link back up the tree (a loop), not followed; skipped\n`,
    );
    const files = JSON.parse(await sb.lib(['file', 'list', '-l', 'links', '--all', '--json'])) as {
      name: string;
      path: string;
      size: number;
    }[];
    expect(files.map((f) => `${f.path}${f.name}:${f.size}`).sort()).toEqual([
      'a.md:3',
      'link.md:8',
      'shared/guide.md:7',
    ]);
  });
});
