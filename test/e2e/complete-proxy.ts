/**
 * For the completion tests that run a real shell: `lib` as the shell calls it,
 * answered by the test's own process. The stand-in is a bash script that sends
 * its arguments (`__complete WORDS...`) and its directory over a loopback socket
 * (bash's /dev/tcp) to this process, where the built program's main()
 * (dist/main.js, as runLib runs it) answers; the script prints that answer and
 * exits with its code, as the executable does. A TAB through it costs a bash
 * start-up instead of a Node one, so a shell can be asked many lines for the
 * price of one; the tests keep a line on the executable itself.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runInProcess } from '../helpers.js';

export interface CompleteProxy {
  /** The stand-in's path (a file named lib), to call as the program. */
  bin: string;
  /** The argument lists it was called with, in order. */
  asked: string[][];
  /** Stops the answering end; throws what main() threw for any call (that call answered nothing, exit 70). */
  close(): Promise<void>;
}

/** Starts the answering end and writes the stand-in into dir/proxy/lib. */
export async function startCompleteProxy(dir: string, env: Record<string, string>): Promise<CompleteProxy> {
  const asked: string[][] = [];
  const failures: unknown[] = [];
  const server = net.createServer((socket) => {
    let received = '';
    let answered = false;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      // PWD, the argument count, then the arguments, each ended by a NUL.
      const fields = received.split('\0');
      if (answered || fields.length < 3 || fields.length < Number(fields[1]) + 3) return;
      answered = true;
      const [cwd, count, ...rest] = fields;
      const args = rest.slice(0, Number(count));
      asked.push(args);
      runInProcess(args, { env, cwd }).then(
        (r) => socket.end(`${r.stdout}\0${r.code}\0`),
        (err: unknown) => {
          failures.push(err);
          socket.end('\x0070\0');
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const bin = path.join(dir, 'proxy', 'lib');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(
    bin,
    [
      '#!/usr/bin/env bash',
      `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 1`,
      `printf '%s\\0' "$PWD" "$#" "$@" >&3`,
      `IFS= read -r -d '' out <&3 || exit 1`,
      `IFS= read -r -d '' code <&3 || exit 1`,
      `printf '%s' "$out"`,
      `exit "$code"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return {
    bin,
    asked,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (failures.length) throw new Error(`lib __complete threw in-process: ${failures.map(String).join('; ')}`);
    },
  };
}

/**
 * spawnSync, but the event loop keeps running meanwhile (the stand-in's answers
 * come from this process): the exit status and what the command printed.
 */
export function runShell(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
