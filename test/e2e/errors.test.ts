/**
 * Bad input: one clear line on stderr (and a hint line where one helps),
 * nothing on stdout, the documented exit code, and no stack trace unless
 * --debug. Nothing is changed by a command that fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, Sandbox, type Result } from '../helpers.js';
import { dataDir, lines, withStore } from './fixtures.js';

const sb = new Sandbox();
let libraryId = '';
beforeAll(async () => {
  libraryId = (await sb.lib(['library', 'create', 'docs', '-q'])).trim();
  sb.file('policy.md', '# Expenses\n');
  await sb.lib(['file', 'upload', 'policy.md', '-l', 'docs']);
});
afterAll(() => sb.cleanup());

/** The usage hint names the deepest command the words reached. */
const usage = (command = 'lib'): string => `Run '${command} --help' for usage.\n`;
const USAGE_HINT = usage();

function fails(r: Result, code: number, stderr: string): void {
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code, stdout: '', stderr });
}

/** Every file under dir, relative, sorted (to show nothing was written). */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

describe('usage errors (exit 2)', () => {
  it('an unknown command or flag', async () => {
    fails(await sb.run(['libary', 'list']), 2, `lib: unknown command 'libary' (did you mean library?)\n${USAGE_HINT}`);
    fails(
      await sb.run(['library', 'lst']),
      2,
      `lib: unknown command 'lst' (did you mean one of list, ls?)\n${usage('lib library')}`,
    );
    fails(await sb.run(['library', 'list', '--frob']), 2, `lib: unknown option '--frob'\n${usage('lib library list')}`);
    fails(
      await sb.run(['library', 'list', '--serch', 'x']),
      2,
      `lib: unknown option '--serch' (did you mean --search?)\n${usage('lib library list')}`,
    );
  });

  it('a missing --library', async () => {
    fails(
      await sb.run(['file', 'list']),
      2,
      'lib: no library given: pass --library\nOr set a default: LIB_LIBRARY=NAME, or lib profile add NAME --library LIBRARY\n',
    );
  });

  it('a non-numeric --limit', async () => {
    fails(
      await sb.run(['library', 'list', '--limit', 'ten']),
      2,
      `lib: option '--limit <n>' argument 'ten' is invalid. --limit must be a positive whole number\n${usage('lib library list')}`,
    );
    fails(
      await sb.run(['file', 'list', '-l', 'docs', '--limit', '0']),
      2,
      `lib: option '--limit <n>' argument '0' is invalid. --limit must be a positive whole number\n${usage('lib file list')}`,
    );
  });

  it('--json with --ndjson (or -q)', async () => {
    fails(
      await sb.run(['library', 'list', '--json', '--ndjson']),
      2,
      'lib: --json and --ndjson cannot be used together\n',
    );
    fails(await sb.run(['--json', '-q', 'library', 'get', 'docs']), 2, 'lib: --json and -q cannot be used together\n');
  });

  it('an empty name', async () => {
    fails(await sb.run(['library', 'create', '']), 2, 'lib: the library name must not be empty\n');
    fails(await sb.run(['library', 'create', '   ']), 2, 'lib: the library name must not be empty\n');
    fails(
      await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--name', '']),
      2,
      'lib: --name must not be empty\n',
    );
  });

  it('a missing path, a directory without --recursive, an empty directory', async () => {
    fails(await sb.run(['file', 'upload', 'nope.md', '-l', 'docs']), 2, 'lib: nope.md: no such file or directory\n');
    fs.mkdirSync(path.join(sb.work, 'empty', 'sub'), { recursive: true });
    fails(
      await sb.run(['file', 'upload', 'empty', '-l', 'docs']),
      2,
      'lib: empty is a directory\nPass --recursive to upload the files in it\n',
    );
    fails(
      await sb.run(['file', 'upload', 'empty', '-r', '-l', 'docs']),
      2,
      'lib: empty: no files to upload in this directory\n',
    );
    // Among several, a missing path is that item's failure; the good file still goes in (exit 6).
    sb.file('fresh.md', 'fresh\n');
    await sb.lib(['library', 'create', 'partial-upload', '-q']); // its own library: the others' tests count files
    const some = await sb.run(['file', 'upload', 'fresh.md', 'nope.md', '-l', 'partial-upload', '-q']);
    expect(some.code).toBe(6);
    expect(some.stderr).toBe('lib: nope.md: no such file or directory\nlib: 1 of 2 failed: nope.md\n');
    expect(some.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sb.lib(['file', 'list', '-l', 'partial-upload', '--name', 'fresh.md', '-q'])).trim()).toBe(
      some.stdout.trim(),
    );
  });

  it('an invalid share level', async () => {
    fails(
      await sb.run(['share', 'put', 'docs', '--user', 'bob', '--level', 'owner']),
      2,
      'lib: invalid --level "owner" (expected viewer or editor)\n',
    );
  });

  it('--name ../../etc/passwd is refused, and nothing is written anywhere', async () => {
    const before = { home: tree(sb.home), work: tree(sb.work) };
    const refused =
      'lib: invalid file name "../../etc/passwd": a name cannot contain "/" or "\\" or be "." or ".."\nPut the folder in --path and the plain name in --name.\n';
    fails(await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--name', '../../etc/passwd']), 2, refused);
    fails(
      await sb.run(['file', 'upload', '-', '-l', 'docs', '--name', '../../etc/passwd'], { input: 'root:x:0:0\n' }),
      2,
      refused,
    );
    fails(
      await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--name', '..']),
      2,
      refused.replace('../../etc/passwd', '..'),
    );
    fails(
      await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--path', '../../etc']),
      2,
      'lib: invalid path "../../etc": ".." is not allowed\n',
    );
    expect({ home: tree(sb.home), work: tree(sb.work) }).toEqual(before);
    expect(tree(path.join(dataDir(sb), 'tmp'))).toEqual([]);
    for (const dir of [sb.home, sb.work, dataDir(sb), path.dirname(sb.home)]) {
      expect(fs.existsSync(path.join(dir, 'etc', 'passwd'))).toBe(false);
    }
    expect(lines(await sb.lib(['file', 'list', '-l', 'docs', '-q']))).toHaveLength(1);
  });

  it('a delete without -y in a pipe deletes nothing', async () => {
    fails(
      await sb.run(['library', 'delete', 'docs']),
      2,
      'lib: Delete library "docs" and its 1 file(s): confirmation required; pass -y to confirm without a terminal\n',
    );
    fails(
      await sb.run(['file', 'delete', 'policy.md', '-l', 'docs']),
      2,
      'lib: Delete file "policy.md" from library "docs": confirmation required; pass -y to confirm without a terminal\n',
    );
    expect(json<{ documents: number }>(await sb.lib(['library', 'get', 'docs', '--json'])).documents).toBe(1);
  });

  it('an ambiguous library name lists the candidates', async () => {
    // One owner cannot have two libraries of one name; two owners can (a `lib serve` user made the other).
    const otherId = await withStore(sb, (store) => {
      const alice = store.ensurePrincipal({ name: 'alice' });
      return store.createLibrary({ ownerId: alice.id, name: 'Shared' }).id;
    });
    const mineId = (await sb.lib(['library', 'create', 'Shared', '-q'])).trim();
    fails(
      await sb.run(['library', 'get', 'Shared']),
      2,
      `lib: library name "Shared" is ambiguous; it matches: ${otherId}, ${mineId}\nUse the library's id instead.\n`,
    );
    fails(
      await sb.run(['file', 'list', '-l', 'Shared']),
      2,
      `lib: library name "Shared" is ambiguous; it matches: ${otherId}, ${mineId}\nUse the library's id instead.\n`,
    );
    expect(json<{ id: string }>(await sb.lib(['library', 'get', mineId, '--json'])).id).toBe(mineId);
  });
});

describe('not found (exit 3)', () => {
  it('an unknown library', async () => {
    const hint = 'List libraries with: lib library list\n';
    fails(await sb.run(['library', 'get', 'Nope']), 3, `lib: library "Nope" not found\n${hint}`);
    fails(await sb.run(['file', 'list', '--library', 'Nope']), 3, `lib: library "Nope" not found\n${hint}`);
    fails(await sb.run(['file', 'upload', 'policy.md', '-l', 'Nope']), 3, `lib: library "Nope" not found\n${hint}`);
  });

  it('an unknown file', async () => {
    for (const verb of ['get', 'text', 'status', 'download', 'update', 'wait']) {
      const extra = verb === 'update' ? ['--name', 'x.md'] : [];
      fails(
        await sb.run(['file', verb, 'ghost.md', '-l', 'docs', ...extra]),
        3,
        'lib: file "ghost.md" not found in library "docs"\n',
      );
    }
    // A file id from another library is not found in this one.
    const other = (await sb.lib(['library', 'create', 'other', '-q'])).trim();
    const fileId = (await sb.lib(['file', 'list', '-l', libraryId, '-q'])).trim();
    fails(
      await sb.run(['file', 'get', fileId, '-l', other]),
      3,
      `lib: file "${fileId}" not found in library "other"\n`,
    );
  });
});

describe('conflicts (exit 5)', () => {
  it('a duplicate library name', async () => {
    fails(await sb.run(['library', 'create', 'docs']), 5, 'lib: library "docs" already exists\n');
    expect(lines(await sb.lib(['library', 'list', '--search', 'docs', '-q']))).toEqual([libraryId]);
  });

  it('a duplicate file name in the same path', async () => {
    fails(
      await sb.run(['file', 'upload', 'policy.md', '-l', 'docs']),
      5,
      'lib: file "policy.md" already exists in library "docs"\nUse --overwrite to replace it.\n',
    );
  });
});

describe('traces', () => {
  it('no stack trace without --debug; one with it', async () => {
    const plain = await sb.run(['library', 'get', 'Nope']);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await sb.run(['--debug', 'library', 'get', 'Nope']);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(
      /^lib: library "Nope" not found\nList libraries with: lib library list\nNotFoundError: library "Nope" not found\n\s+at /,
    );
  });
});
