#!/usr/bin/env node
// Speed and memory figures for lib, measured on the built binary (npm run bench).
// Targets (checked here, not in timed tests):
//   - `lib --version` and `lib library list` start in under 300 ms (median)
//   - listing 5,000 files streams: peak RSS under 150 MB
//   - uploading a 1 GiB file to `lib serve` through the mistral provider keeps
//     the client's peak RSS under 200 MB (memory stays flat whatever the size)
// Set BENCH_BIG_MB to change the big file's size (default 1024).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'lib.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-bench-'));
const env = { PATH: process.env.PATH, LIB_HOME: home, HOME: home, CI: '1' };
const hasTime = fs.existsSync('/usr/bin/time');
const results = [];

function run(args, extraEnv = {}, input) {
  const argv = hasTime
    ? ['/usr/bin/time', '-f', '__RSS_KB=%M', process.execPath, bin, ...args]
    : [process.execPath, bin, ...args];
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env: { ...env, ...extraEnv }, input, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = r.stderr.toString();
  const rss = /__RSS_KB=(\d+)/.exec(stderr);
  if (r.status !== 0) throw new Error(`lib ${args.join(' ')} exited ${r.status}: ${stderr}`);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function record(name, value, unit, target) {
  const ok = target === undefined || value === null || value <= target;
  results.push({ name, value: value === null ? null : Math.round(value * 10) / 10, unit, target: target ?? null, ok });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: ${value === null ? 'n/a' : value.toFixed(1)} ${unit}${target ? ` (target <= ${target})` : ''}`,
  );
}

try {
  record(
    'startup: lib --version (median of 10)',
    median(Array.from({ length: 10 }, () => run(['--version']).ms)),
    'ms',
    300,
  );
  run(['library', 'create', 'bench', '-q']);
  record(
    'startup: lib library list (median of 10)',
    median(Array.from({ length: 10 }, () => run(['library', 'list']).ms)),
    'ms',
    300,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-bench-files-'));
  for (let i = 0; i < 500; i++)
    fs.writeFileSync(path.join(dir, `doc-${i}.md`), `# Document ${i}\nword${i} shared text\n`);
  const up = run(['file', 'upload', dir, '--recursive', '--library', 'bench', '-q']);
  record('upload 500 small files (local, --recursive)', up.ms, 'ms');
  for (let i = 0; i < 9; i++)
    run(['file', 'upload', dir, '--recursive', '--library', 'bench', '--path', `copy${i}`, '-q']);
  const list = run(['file', 'list', '--library', 'bench', '--all', '--ndjson']);
  record('list 5,000 files --all --ndjson: time', list.ms, 'ms');
  record('list 5,000 files --all --ndjson: peak RSS', list.rssMb, 'MB', 150);
  const search = run(['file', 'list', '--library', 'bench', '--search', 'word42', '--json']);
  record('full-text search over 5,000 files', search.ms, 'ms');
  fs.rmSync(dir, { recursive: true, force: true });

  // The big upload, through the mistral provider against lib serve.
  const bigMb = Number(process.env.BENCH_BIG_MB ?? 1024);
  const big = path.join(home, 'big.bin');
  const fd = fs.openSync(big, 'w');
  const chunk = Buffer.alloc(1 << 20, 7);
  for (let i = 0; i < bigMb; i++) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
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
      path.join(home, 'serve'),
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
  const remote = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: info.url, LIB_API_KEY: 'benchtoken' };
  run(['library', 'create', 'big', '-q'], remote);
  const small = path.join(home, 'small.txt');
  fs.writeFileSync(small, 'small');
  const baseline = run(['file', 'upload', small, '--library', 'big', '-q'], remote);
  const upload = run(['file', 'upload', big, '--library', 'big', '-q'], remote);
  server.kill('SIGTERM');
  record('mistral upload of a 5-byte file: peak RSS', baseline.rssMb, 'MB');
  record(`mistral upload of a ${bigMb} MiB file: peak RSS`, upload.rssMb, 'MB', 200);
  record(`mistral upload of a ${bigMb} MiB file: time`, upload.ms, 'ms');
  record(`mistral upload of a ${bigMb} MiB file: throughput`, (bigMb / upload.ms) * 1000, 'MiB/s');
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench', 'results', 'latest.json'),
  JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2) + '\n',
);
if (results.some((r) => !r.ok)) process.exitCode = 1;
