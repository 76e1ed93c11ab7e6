/**
 * End-to-end helpers for the hal provider: `lib serve` started in-process on
 * an ephemeral loopback port over a temporary data directory, with users
 * alice, bob and carol (carol is the one member of team:ds) and a temporary
 * --drive-root standing in for cloud drives; `lib` runs against its hal
 * dialect as a user would (LIB_PROVIDER=hal, LIB_BASE_URL, LIB_API_KEY).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { FaultSpec } from '../../src/server/faults.js';
import { Cli } from '../e2e-mistral/helpers.js';
import type { TestClock } from '../clock.js';
import { tempDir } from '../helpers.js';

export { Cli, expectNoKeysLeaked, requestLines, writeFiles, type Json } from '../e2e-mistral/helpers.js';

export type Who = 'alice' | 'bob' | 'carol';

export interface HalServe {
  url: string;
  server: RunningServer;
  tokens: Record<Who, string>;
  /** The --drive-root: a cloud library with data.folderId X syncs from drives/X. */
  drives: string;
  /** A user of `lib` pointed at the hal dialect with `who`'s key. */
  cli(who: Who, env?: Record<string, string>): Cli;
  /** Every Cli made, for the "no secret in any output" check. */
  clis: Cli[];
  close(): Promise<void>;
}

/** How a dialect's test server is started, in-process. */
export interface DialectServerOptions {
  faults?: FaultSpec;
  /** The draw for the fault rates: a fault sequence (test/fault-sequence.ts), else Math.random. */
  random?: () => number;
  log?: (line: string) => void;
  processingMs?: number;
  /** The server's clock, shared with every Cli of it (see test/clock.ts). */
  clock?: TestClock;
}

export async function startHal(opts: DialectServerOptions = {}): Promise<HalServe> {
  const tokens = {
    alice: `alice-${randomBytes(16).toString('hex')}`,
    bob: `bob-${randomBytes(16).toString('hex')}`,
    carol: `carol-${randomBytes(16).toString('hex')}`,
  };
  const data = tempDir('lib-e2e-hal-data-');
  const drives = tempDir('lib-e2e-hal-drives-');
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: data,
    tokens: Object.entries(tokens).map(([name, secret]) => ({ name, secret })),
    teams: [{ name: 'ds', members: ['carol'] }],
    driveRoot: drives,
    processingMs: opts.processingMs ?? 0,
    now: opts.clock?.now,
    faults: opts.faults,
    random: opts.random,
    log: opts.log,
    syncCheckMs: 0,
  });
  const clis: Cli[] = [];
  return {
    url: server.url,
    server,
    tokens,
    drives,
    clis,
    cli(who, env = {}) {
      const c = new Cli({ url: server.url, clock: opts.clock }, tokens[who], {
        LIB_PROVIDER: 'hal',
        LIB_RETRY_BASE_MS: '1',
        ...env,
      });
      clis.push(c);
      return c;
    },
    async close() {
      await server.close();
      fs.rmSync(data, { recursive: true, force: true });
      fs.rmSync(drives, { recursive: true, force: true });
    },
  };
}

/** No key of any principal, nor `secrets`, in any stdout or stderr of any run; then clean up. */
export function expectNothingLeaked(s: HalServe, secrets: string[] = []): string[] {
  const leaks: string[] = [];
  for (const cli of s.clis) {
    for (const text of cli.outputs) {
      for (const secret of [...Object.values(s.tokens), ...secrets]) if (text.includes(secret)) leaks.push(secret);
    }
    cli.cleanup();
  }
  return leaks;
}

/** Write a file under the drive folder `folder`. */
export function driveFile(s: HalServe, folder: string, rel: string, content: string): void {
  const p = path.join(s.drives, folder, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}
