/**
 * The tests run the built program: in-process through dist/ (scripts/compile.js;
 * a test's import of src/ loads dist/, see vitest.config.ts), and as a process
 * through bin/lib.js, which loads the bundle dist/bundle/lib.cjs
 * (scripts/bundle.js; scripts/build.js runs both). `npm test` and a bare `npx
 * vitest run` build here, once, when either is missing or older than what it
 * is built from (src/, scripts/, package.json); a clean clone's `npm install`
 * has built it already. Types are checked by `npm run lint`, not here; a build
 * that leaves no dist/main.js or no bundle stops the run with a clear message.
 *
 * Every temporary file of the run (sandboxes, servers' data, the programs'
 * own temp files) goes under one directory, TMPDIR for the workers and every
 * process they start, removed when the run ends, so nothing a test forgets is
 * left behind. It is in memory where the machine has a tmpfs (Linux's
 * /dev/shm): the suite makes and deletes tens of thousands of files, and on a
 * disk filesystem each costs journal writes (here 5 s of the run, ext4 with
 * discard). LIB_TEST_TMPDIR names another place.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const BUNDLE = path.join(ROOT, 'dist', 'bundle', 'lib.cjs');

/** The newest modification time under `dir` (a file: its own). */
function newest(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = stat.mtimeMs; // a file removed
  for (const entry of fs.readdirSync(p)) time = Math.max(time, newest(path.join(p, entry)));
  return time;
}

/** What the build reads: the sources, the build scripts, and the dependencies' versions. */
const INPUTS = ['src', 'scripts', 'package.json'];

function stale(): string | null {
  if (!fs.existsSync(MAIN)) return 'dist/main.js is missing';
  if (!fs.existsSync(BUNDLE)) return 'dist/bundle/lib.cjs is missing';
  const built = Math.min(fs.statSync(MAIN).mtimeMs, fs.statSync(BUNDLE).mtimeMs);
  const changed = INPUTS.find((input) => newest(path.join(ROOT, input)) > built);
  return changed ? `dist/ is older than ${changed}` : null;
}

/** Where the run's temporary directory goes: LIB_TEST_TMPDIR, else a tmpfs where there is one, else the system's. */
function tempParent(): string {
  if (process.env.LIB_TEST_TMPDIR) return process.env.LIB_TEST_TMPDIR;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK | fs.constants.X_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // none here
  }
  return os.tmpdir();
}

export default function setup(): () => void {
  const tmp = fs.mkdtempSync(path.join(tempParent(), 'lib-test-run-'));
  // Others may pass through (not list it): a test runs lib as an unprivileged user in its sandbox.
  fs.chmodSync(tmp, 0o711);
  process.env.TMPDIR = tmp;
  build();
  return () => fs.rmSync(tmp, { recursive: true, force: true });
}

function build(): void {
  const why = stale();
  if (!why) return;
  console.log(`[global-setup] ${why}: building with node scripts/build.js`);
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0 || !fs.existsSync(MAIN) || !fs.existsSync(BUNDLE)) {
    throw new Error(`the build left no ${MAIN} or no ${BUNDLE} (node scripts/build.js):\n${b.stdout}${b.stderr}`);
  }
}
