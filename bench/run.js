#!/usr/bin/env node
// lib's speed and memory, measured against peers in the same run (npm run bench).
//
// Every figure that has a peer is reported as a ratio to it, because absolute
// times on a shared 2-core machine say little on their own:
//   start-up   `lib --version`, `lib --help`, a local `lib library list`  vs  `node -e 0`
//   uploads    `lib file upload --recursive` to `lib serve` (mistral dialect)  vs  a shell
//              loop of `curl -F`, the official Mistral SDK (sequential, 5 in flight) and a
//              bare undici client with lib's number in flight
//   growth     10x the files to `lib serve` (time ratio), local batches into a growing library
//   lists      `file list --all --ndjson`: first line, total time, peak RSS; full-text search
//   memory     peak RSS of a big upload  vs  `curl -F` of the same file
//   sync       `lib file sync`: 10,000 unchanged files (local, lib serve), 1,000 changed of 10,000,
//              1,000 new files to lib serve  vs  the curl loop and bare undici
//
// `--only sync` runs the sync section alone.
// `npm run bench` runs everything (minutes); `npm run bench -- --quick` (or
// BENCH_QUICK=1) uses small sizes that fit in CI's budget; `npm run bench --
// --startup` runs only the start-up figures (BENCH_START_RUNS=N for more runs). Figures go to
// bench/results/latest.json and a table on stdout. Targets from the issues are
// printed beside the figures; the script exits 1 when one is missed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick') || Boolean(process.env.BENCH_QUICK);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const startupOnly = process.argv.includes('--startup');
const SIZES = quick
  ? { startRuns: 5, small: 200, large: 1000, curlFiles: 100, batch: 500, grown: 5000, listFiles: 5000, bigMb: 64 }
  : {
      startRuns: 11,
      small: 1000,
      large: 10000,
      curlFiles: 1000,
      batch: 5000,
      grown: 50000,
      listFiles: 100000,
      bigMb: 1024,
    };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'lib.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-bench-'));
const env = { PATH: process.env.PATH, LIB_HOME: home, HOME: home, CI: '1' };
const hasTime = fs.existsSync('/usr/bin/time');
const hasCurl = spawnSync('curl', ['--version']).status === 0;
const results = [];

/** Run a command to completion: wall time, peak RSS (when /usr/bin/time exists), stdout. */
function timed(argv, opts = {}) {
  const full = hasTime ? ['/usr/bin/time', '-f', '__RSS_KB=%M', ...argv] : argv;
  const started = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), {
    env: { ...env, ...opts.env },
    input: opts.input,
    cwd: opts.cwd,
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = r.stderr.toString();
  const rss = /__RSS_KB=(\d+)/.exec(stderr);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${stderr.slice(-2000)}`);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout.toString() };
}

const lib = (args, extraEnv = {}) => timed([process.execPath, bin, ...args], { env: extraEnv });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One row of the table: a figure, optionally a peer's figure and the ratio, optionally a target. */
function record(name, value, unit, { peer, peerValue, ratio, target, targetText } = {}) {
  const ok = target === undefined ? null : target(ratio ?? value);
  results.push({
    name,
    value: round(value),
    unit,
    peer: peer ?? null,
    peerValue: peerValue === undefined ? null : round(peerValue),
    ratio: ratio === undefined ? null : round(ratio, 2),
    target: targetText ?? null,
    ok,
  });
  const ratioText = ratio === undefined ? '' : `  ${ratio.toFixed(2)}x ${peer} (${round(peerValue)} ${unit})`;
  const mark = ok === null ? '    ' : ok ? 'ok  ' : 'MISS';
  console.log(`${mark} ${name}: ${round(value)} ${unit}${ratioText}${targetText ? `  [target ${targetText}]` : ''}`);
}

function round(x, digits = 1) {
  if (x === null || x === undefined) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function makeFiles(dir, count, bytes, tag = '') {
  fs.mkdirSync(dir, { recursive: true });
  const pad = 'x'.repeat(Math.max(0, bytes - 64));
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, `doc-${i}.md`), `# Document ${i}${tag}\nword${i} shared text\n${pad}\n`);
  }
  return dir;
}

/** lib serve on an ephemeral port, in its own data dir. */
async function startServe(name) {
  const server = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--port',
      '0',
      '--token',
      'bench=benchtoken',
      '--processing-ms',
      '0',
      '--json',
      '--data',
      path.join(home, name),
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = await new Promise((resolve, reject) => {
    let buf = '';
    server.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
    });
    server.on('exit', (code) => reject(new Error(`lib serve exited ${code}`)));
  });
  // The mistral dialect's base URL: whatever the start-up line calls it.
  const mistral = info.dialects?.find?.((d) => d.name === 'mistral');
  const url = String(mistral?.baseUrl ?? mistral?.url ?? info.url).replace(/\/v1\/?$/, '');
  const remote = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: url, LIB_API_KEY: 'benchtoken' };
  const cpuMs = () => {
    try {
      const stat = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(stat[11]) + Number(stat[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
    } catch {
      return null;
    }
  };
  return { url, remote, cpuMs, orgId: info.orgId, stop: () => server.kill('SIGTERM') };
}

function createLibrary(remote, name) {
  return lib(['library', 'create', name, '-q'], remote).stdout.trim();
}

/** A peer in bench/peers/, run as its own process. */
function peer(script, args) {
  return timed([process.execPath, path.join(root, 'bench', 'peers', script), ...args], { cwd: root });
}

/** Time to the first line on stdout, total time and peak RSS of a streaming list. */
function streamedList(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const argv = hasTime
      ? ['/usr/bin/time', '-f', '__RSS_KB=%M', process.execPath, bin, ...args]
      : [process.execPath, bin, ...args];
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env: { ...env, ...extraEnv } });
    let firstMs = null;
    let lines = 0;
    let err = '';
    child.stdout.on('data', (c) => {
      if (firstMs === null) firstMs = Number(process.hrtime.bigint() - started) / 1e6;
      for (const b of c) if (b === 10) lines++;
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`lib ${args.join(' ')} exited ${code}: ${err}`));
      const rss = /__RSS_KB=(\d+)/.exec(err);
      resolve({ firstMs, ms, lines, rssMb: rss ? Number(rss[1]) / 1024 : null });
    });
  });
}

async function main() {
  console.log(`lib bench (${quick ? 'quick' : 'full'}) on Node ${process.version}, ${os.cpus().length} cores\n`);
  if (only === 'sync') return syncSection();

  // Start-up, against Node's own floor. The runs are interleaved (floor, then
  // each command, again and again) so a busy moment on the machine falls on
  // all of them alike, after one unmeasured round (the compile cache's first
  // write, the page cache).
  const runs = Number(process.env.BENCH_START_RUNS) || SIZES.startRuns;
  lib(['library', 'create', 'startup', '-q']);
  const commands = { floor: null, version: ['--version'], help: ['--help'], list: ['library', 'list'] };
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i <= runs; i++) {
    for (const [k, args] of Object.entries(commands)) {
      const ms = args ? lib(args).ms : timed([process.execPath, '-e', '0']).ms;
      if (i > 0) times[k].push(ms);
    }
  }
  const floor = median(times.floor);
  const version = median(times.version);
  record('start-up: lib --version', version, 'ms', {
    peer: 'node -e 0',
    peerValue: floor,
    ratio: version / floor,
    target: (r) => r <= 1.5,
    targetText: '<= 1.5x',
  });
  const help = median(times.help);
  record('start-up: lib --help', help, 'ms', {
    peer: 'node -e 0',
    peerValue: floor,
    ratio: help / floor,
    target: (r) => r <= 1.5,
    targetText: '<= 1.5x',
  });
  const list = median(times.list);
  record('start-up: lib library list (local)', list, 'ms', {
    peer: 'node -e 0',
    peerValue: floor,
    ratio: list / floor,
    target: (r) => r <= 2,
    targetText: '<= 2x',
  });
  if (startupOnly) return;

  // Uploads of small files to lib serve, against peers on the same server.
  const serve = await startServe('serve-uploads');
  try {
    const smallDir = makeFiles(path.join(home, 'small'), SIZES.small, 4096);
    const curlDir = makeFiles(path.join(home, 'curl'), SIZES.curlFiles, 4096, ' curl');
    const upload = (dir, label) => {
      const id = createLibrary(serve.remote, label);
      const t = lib(['file', 'upload', dir, '--recursive', '--library', id, '-q'], serve.remote);
      return { id, ...t, perSec: (fs.readdirSync(dir).length / t.ms) * 1000 };
    };
    const remoteList = median(Array.from({ length: runs }, () => lib(['library', 'list'], serve.remote).ms));
    record('start-up: lib library list (mistral, lib serve)', remoteList, 'ms', {
      peer: 'node -e 0',
      peerValue: floor,
      ratio: remoteList / floor,
    });
    const ours = upload(smallDir, 'lib-small');
    record(`upload ${SIZES.small} x 4 KB to lib serve: lib`, ours.perSec, 'files/s');

    if (hasCurl) {
      const id = createLibrary(serve.remote, 'curl');
      const script = `for f in "$1"/*; do curl -sS -f -o /dev/null -H "Authorization: Bearer benchtoken" -F "file=@$f" "$2/v1/libraries/$3/documents" || exit 1; done`;
      const t = timed(['bash', '-c', script, 'bench', curlDir, serve.url, id]);
      const perSec = (SIZES.curlFiles / t.ms) * 1000;
      record('  vs a shell loop of curl -F', ours.perSec, 'files/s', {
        peer: 'curl loop',
        peerValue: perSec,
        ratio: ours.perSec / perSec,
        target: (r) => r >= 10,
        targetText: '>= 10x',
      });
    }
    for (const inFlight of [1, 5]) {
      const id = createLibrary(serve.remote, `sdk-${inFlight}`);
      const t = peer('mistral-sdk-upload.mjs', [serve.url, 'benchtoken', id, smallDir, String(inFlight)]);
      const perSec = (SIZES.small / t.ms) * 1000;
      record(`  vs the Mistral SDK, ${inFlight} in flight`, ours.perSec, 'files/s', {
        peer: `SDK x${inFlight}`,
        peerValue: perSec,
        ratio: ours.perSec / perSec,
      });
    }
    const uploadHelp = spawnSync(process.execPath, [bin, 'file', 'upload', '--help'], { env }).stdout.toString();
    const libInFlight = Number(/--concurrency[^\n]*\(default (\d+)\)/.exec(uploadHelp)?.[1] ?? 4);
    {
      const id = createLibrary(serve.remote, 'undici');
      const t = peer('undici-upload.mjs', [serve.url, 'benchtoken', id, smallDir, String(libInFlight)]);
      const perSec = (SIZES.small / t.ms) * 1000;
      record(`  vs bare undici, ${libInFlight} in flight (lib's default)`, ours.perSec, 'files/s', {
        peer: 'undici',
        peerValue: perSec,
        ratio: ours.perSec / perSec,
        target: (r) => r >= 0.9,
        targetText: '>= 0.9x',
      });
    }

    // Growth: 10x the files should take about 10x the time, not more.
    const largeDir = makeFiles(path.join(home, 'large'), SIZES.large, 4096, ' large');
    const cpuBefore = serve.cpuMs();
    const big = upload(largeDir, 'lib-large');
    const cpuAfter = serve.cpuMs();
    const growth = big.ms / ours.ms;
    record(`upload ${SIZES.large} vs ${SIZES.small} files to lib serve: time ratio`, growth, 'x', {
      target: (r) => r <= ((SIZES.large / SIZES.small) * 12) / 10,
      targetText: `<= ${((SIZES.large / SIZES.small) * 12) / 10}x`,
    });
    if (cpuBefore !== null && cpuAfter !== null) {
      const perUpload = (cpuAfter - cpuBefore) / SIZES.large;
      record('  lib serve CPU per upload', perUpload, 'ms');
      // What one core of lib serve could take if the clients ran elsewhere.
      record('  lib serve ceiling (one core, from its CPU per upload)', 1000 / perUpload, 'uploads/s');
    }
  } finally {
    serve.stop();
  }

  // Local batches into a growing library: the same time into an empty one and a full one.
  {
    const batchDir = makeFiles(path.join(home, 'batch'), SIZES.batch, 1024, ' batch');
    lib(['library', 'create', 'grow', '-q']);
    const first = lib(['file', 'upload', batchDir, '--recursive', '--library', 'grow', '--path', 'b0', '-q']);
    for (let n = SIZES.batch, i = 1; n < SIZES.grown; n += SIZES.batch, i++) {
      lib(['file', 'upload', batchDir, '--recursive', '--library', 'grow', '--path', `b${i}`, '-q']);
    }
    const last = lib(['file', 'upload', batchDir, '--recursive', '--library', 'grow', '--path', 'last', '-q']);
    record(`local batch of ${SIZES.batch}: into ${SIZES.grown} files vs into an empty library`, last.ms, 'ms', {
      peer: 'empty',
      peerValue: first.ms,
      ratio: last.ms / first.ms,
      target: (r) => r <= 1.25,
      targetText: '<= 1.25x',
    });
    const needle = path.join(home, 'needle.md');
    fs.writeFileSync(needle, '# the one file with this name\n');
    lib(['file', 'upload', needle, '--library', 'grow', '-q']);
    const get = median(
      Array.from({ length: 5 }, () => lib(['file', 'get', 'needle.md', '--library', 'grow', '--json']).ms),
    );
    record(`local file get by name at ${SIZES.grown + SIZES.batch} files`, get, 'ms', {
      peer: 'library list',
      peerValue: list,
      ratio: get / list,
      target: (r) => r <= 1.5,
      targetText: '<= 1.5x',
    });
  }

  // Lists and search over a big library, locally.
  {
    const listDir = makeFiles(path.join(home, 'list'), Math.min(SIZES.listFiles, 10000), 256, ' list');
    lib(['library', 'create', 'big-list', '-q']);
    const per = Math.min(SIZES.listFiles, 10000);
    for (let n = 0, i = 0; n < SIZES.listFiles; n += per, i++) {
      lib(['file', 'upload', listDir, '--recursive', '--library', 'big-list', '--path', `p${i}`, '-q']);
    }
    const l = await streamedList(['file', 'list', '--library', 'big-list', '--all', '--ndjson']);
    record(`list ${l.lines} files --all --ndjson: first line`, l.firstMs, 'ms', {
      target: (v) => v < 200,
      targetText: '< 200 ms',
    });
    record(`list ${l.lines} files --all --ndjson: total`, l.ms, 'ms');
    record(`list ${l.lines} files --all --ndjson: peak RSS`, l.rssMb, 'MB', {
      target: (v) => v === null || v < 150,
      targetText: '< 150 MB',
    });
    const s = lib(['file', 'list', '--library', 'big-list', '--search', 'word42', '--all', '--json']);
    record(`full-text search over ${SIZES.listFiles} files`, s.ms, 'ms', {
      target: (v) => v < 1000,
      targetText: '< 1 s',
    });

    // The same library through lib serve (mistral dialect), over the same data dir.
    const serveList = await startServe('data');
    try {
      lib(['share', 'put', 'big-list', '--org', serveList.orgId, '--level', 'viewer', '-q']);
      const r = await streamedList(['file', 'list', '--library', 'big-list', '--all', '--ndjson'], serveList.remote);
      record(`list ${r.lines} files through lib serve: first line`, r.firstMs, 'ms', {
        target: (v) => v < 200,
        targetText: '< 200 ms',
      });
      record(`list ${r.lines} files through lib serve: total`, r.ms, 'ms');
      record(`list ${r.lines} files through lib serve: peak RSS`, r.rssMb, 'MB', {
        target: (v) => v === null || v < 150,
        targetText: '< 150 MB',
      });
      const rs = lib(['file', 'list', '--library', 'big-list', '--search', 'word42', '--json'], serveList.remote);
      record(`full-text search over ${SIZES.listFiles} files through lib serve`, rs.ms, 'ms', {
        target: (v) => v < 1000,
        targetText: '< 1 s',
      });
    } finally {
      serveList.stop();
    }
  }

  // Memory: a big upload through the mistral provider, against curl -F of the same file.
  {
    const serveBig = await startServe('serve-big');
    try {
      const big = path.join(home, 'big.bin');
      const fd = fs.openSync(big, 'w');
      const chunk = Buffer.alloc(1 << 20, 7);
      for (let i = 0; i < SIZES.bigMb; i++) fs.writeSync(fd, chunk);
      fs.closeSync(fd);
      const id = createLibrary(serveBig.remote, 'big');
      const ours = lib(['file', 'upload', big, '--library', id, '-q'], serveBig.remote);
      record(`upload of ${SIZES.bigMb} MiB: throughput`, (SIZES.bigMb / ours.ms) * 1000, 'MiB/s');
      if (hasCurl) {
        const id2 = createLibrary(serveBig.remote, 'big-curl');
        const c = timed([
          'curl',
          '-sS',
          '-f',
          '-o',
          '/dev/null',
          '-H',
          'Authorization: Bearer benchtoken',
          '-F',
          `file=@${big};filename=big-curl.bin`,
          `${serveBig.url}/v1/libraries/${id2}/documents`,
        ]);
        record(`upload of ${SIZES.bigMb} MiB: peak RSS`, ours.rssMb, 'MB', {
          peer: 'curl -F',
          peerValue: c.rssMb,
          ratio: ours.rssMb && c.rssMb ? ours.rssMb / c.rssMb : undefined,
        });
      } else {
        record(`upload of ${SIZES.bigMb} MiB: peak RSS`, ours.rssMb, 'MB');
      }
    } finally {
      serveBig.stop();
    }
  }
  await syncSection();
}

/** Tab lines of a sync in a pipe, counted by action. */
function syncCounts(stdout) {
  const counts = {};
  for (const line of stdout.split('\n').filter(Boolean))
    counts[line.split('\t')[0]] = (counts[line.split('\t')[0]] ?? 0) + 1;
  return counts;
}

/** `lib file sync`: no-op over a big tree, a tenth changed, new files against peers on the same server. */
async function syncSection() {
  const N = SIZES.large;
  const changed = Math.round(N / 10);
  const tree = path.join(home, 'sync-tree');
  for (let i = 0; i < N; i++) {
    const rel = path.join(`d${i % 20}`, `doc-${i}.md`);
    fs.mkdirSync(path.join(tree, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(tree, rel), `# Document ${i} sync\nword${i} shared text\n`);
  }
  const edit = (round) => {
    for (let i = 0; i < changed; i++) {
      fs.writeFileSync(
        path.join(tree, `d${(i * 10) % 20}`, `doc-${i * 10}.md`),
        `# Document ${i * 10} edit ${round}\n`,
      );
    }
  };
  // Memory that stays flat: a no-op over a tenth of the tree first, to compare with the whole.
  const tenth = path.join(home, 'sync-tenth');
  for (let i = 0; i < N / 10; i++) {
    const rel = path.join(`d${i % 20}`, `doc-${i}.md`);
    fs.mkdirSync(path.join(tenth, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(tenth, rel), `# Document ${i} sync\nword${i} shared text\n`);
  }
  lib(['library', 'create', 'sync-tenth', '-q']);
  lib(['file', 'sync', tenth, '-l', 'sync-tenth']);
  const small = lib(['file', 'sync', tenth, '-l', 'sync-tenth']);
  record(`sync ${N / 10} unchanged files (local): peak RSS`, small.rssMb, 'MB');

  // Local provider.
  lib(['library', 'create', 'sync-local', '-q']);
  const first = lib(['file', 'sync', tree, '-l', 'sync-local']);
  record(`sync ${N} new files (local): first run`, first.ms, 'ms');
  const noop = lib(['file', 'sync', tree, '-l', 'sync-local']);
  if (noop.stdout !== '') throw new Error(`a no-op sync printed actions: ${noop.stdout.slice(0, 200)}`);
  record(`sync ${N} unchanged files (local): second run`, noop.ms, 'ms', {
    target: (v) => v < 2000,
    targetText: '< 2 s',
  });
  record(`sync ${N} unchanged files (local): peak RSS`, noop.rssMb, 'MB', {
    peer: `${N / 10} files`,
    peerValue: small.rssMb,
    ratio: noop.rssMb && small.rssMb ? noop.rssMb / small.rssMb : undefined,
    target: (r) => r <= 1.3,
    targetText: 'flat: <= 1.3x',
  });
  edit(1);
  const some = lib(['file', 'sync', tree, '-l', 'sync-local']);
  const c = syncCounts(some.stdout);
  if (c.replace !== changed) throw new Error(`expected ${changed} replaced, got ${JSON.stringify(c)}`);
  record(`sync ${changed} changed of ${N} (local)`, some.ms, 'ms', {
    peer: 'first run',
    peerValue: first.ms,
    ratio: (some.ms - noop.ms) / (first.ms - noop.ms),
    targetText: `about ${changed / N}x of the first run's work`,
  });

  // lib serve, mistral dialect.
  const serve = await startServe('serve-sync');
  try {
    const id = createLibrary(serve.remote, 'sync-remote');
    const rfirst = lib(['file', 'sync', tree, '-l', id], serve.remote);
    record(`sync ${N} new files (lib serve): first run`, rfirst.ms, 'ms');
    const rnoop = lib(['file', 'sync', tree, '-l', id], serve.remote);
    if (rnoop.stdout !== '') throw new Error(`a no-op sync printed actions: ${rnoop.stdout.slice(0, 200)}`);
    record(`sync ${N} unchanged files (lib serve): second run`, rnoop.ms, 'ms', {
      target: (v) => v < 3000,
      targetText: '< 3 s',
    });
    record(`sync ${N} unchanged files (lib serve): peak RSS`, rnoop.rssMb, 'MB');
    edit(2);
    const rsome = lib(['file', 'sync', tree, '-l', id], serve.remote);
    record(`sync ${changed} changed of ${N} (lib serve)`, rsome.ms, 'ms', {
      peer: 'first run',
      peerValue: rfirst.ms,
      ratio: (rsome.ms - rnoop.ms) / (rfirst.ms - rnoop.ms),
      targetText: `about ${changed / N}x of the first run's work`,
    });

    // New small files: sync against the curl loop and bare undici on the same server.
    const smallDir = makeFiles(path.join(home, 'sync-small'), SIZES.small, 4096, ' sync');
    const curlDir = makeFiles(path.join(home, 'sync-curl'), SIZES.curlFiles, 4096, ' sync curl');
    const sid = createLibrary(serve.remote, 'sync-new');
    const ours = lib(['file', 'sync', smallDir, '-l', sid], serve.remote);
    const perSec = (SIZES.small / ours.ms) * 1000;
    record(`sync ${SIZES.small} new 4 KB files to lib serve`, perSec, 'files/s');
    if (hasCurl) {
      const cid = createLibrary(serve.remote, 'sync-curl');
      const script = `for f in "$1"/*; do curl -sS -f -o /dev/null -H "Authorization: Bearer benchtoken" -F "file=@$f" "$2/v1/libraries/$3/documents" || exit 1; done`;
      const t = timed(['bash', '-c', script, 'bench', curlDir, serve.url, cid]);
      const curlPerSec = (SIZES.curlFiles / t.ms) * 1000;
      record('  vs a shell loop of curl -F', perSec, 'files/s', {
        peer: 'curl loop',
        peerValue: curlPerSec,
        ratio: perSec / curlPerSec,
        target: (r) => r >= 10,
        targetText: '>= 10x',
      });
    }
    const help = spawnSync(process.execPath, [bin, 'file', 'sync', '--help'], { env }).stdout.toString();
    const inFlight = Number(/--concurrency[^\n]*\(default (\d+)\)/.exec(help)?.[1] ?? 8);
    const uid = createLibrary(serve.remote, 'sync-undici');
    const u = peer('undici-upload.mjs', [serve.url, 'benchtoken', uid, smallDir, String(inFlight)]);
    const undiciPerSec = (SIZES.small / u.ms) * 1000;
    record(`  vs bare undici, ${inFlight} in flight`, perSec, 'files/s', {
      peer: 'undici',
      peerValue: undiciPerSec,
      ratio: perSec / undiciPerSec,
      target: (r) => r >= 0.7,
      targetText: '>= 0.7x',
    });
  } finally {
    serve.stop();
  }
}

try {
  await main();
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const out = path.join(root, 'bench', 'results', 'latest.json');
fs.writeFileSync(
  out,
  JSON.stringify(
    { node: process.version, date: new Date().toISOString(), quick, startupOnly, sizes: SIZES, results },
    null,
    2,
  ) + '\n',
);
console.log(`\nfigures: ${path.relative(process.cwd(), out)}`);
if (results.some((r) => r.ok === false)) process.exitCode = 1;
