/**
 * The end-to-end tests run the built program: in-process through
 * dist/main.js (scripts/compile.js), and as a process through bin/lib.js,
 * which loads the bundle dist/bundle/lib.cjs (scripts/bundle.js; scripts/build.js runs both). `npm test`
 * builds first; a bare `npx vitest run` builds here, once, when either is
 * missing or older than src/. Types are checked by `npm run lint`, not here; a
 * build that leaves no dist/main.js or no bundle stops the run with a clear
 * message.
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

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function stale(): string | null {
  if (!fs.existsSync(MAIN)) return 'dist/main.js is missing';
  if (!fs.existsSync(BUNDLE)) return 'dist/bundle/lib.cjs is missing';
  const built = Math.min(fs.statSync(MAIN).mtimeMs, fs.statSync(BUNDLE).mtimeMs);
  return newestSource(path.join(ROOT, 'src')) > built ? 'dist/ is older than src/' : null;
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
