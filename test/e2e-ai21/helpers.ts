/**
 * End-to-end helpers for the ai21 provider: `lib serve` started in-process on
 * an ephemeral loopback port over a temporary data directory, with users alice
 * and bob, on a store clock the test moves; `lib` runs against its ai21
 * dialect as a user would (LIB_PROVIDER=ai21, LIB_BASE_URL ending in
 * /studio/v1, AI21_API_KEY).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { Cli } from '../e2e-mistral/helpers.js';
import type { DialectServerOptions } from '../e2e-hal/helpers.js';
import { TestClock } from '../clock.js';
import { tempDir } from '../helpers.js';

export { Cli, requestLines, writeFiles, type Json } from '../e2e-mistral/helpers.js';

export type Who = 'alice' | 'bob';

export interface Ai21Serve {
  url: string;
  /** The LIB_BASE_URL the ai21 provider takes: the server's URL and /studio/v1. */
  baseUrl: string;
  server: RunningServer;
  dataDir: string;
  tokens: Record<Who, string>;
  /** The server's clock, shared with every Cli of it: move it (or let lib's polls move it) to pass files through their states. */
  clock: TestClock;
  /** A user of `lib` pointed at the ai21 dialect with `who`'s key (AI21_API_KEY). */
  cli(who: Who, env?: Record<string, string>): Cli;
  clis: Cli[];
  close(): Promise<void>;
}

export async function startAi21(opts: DialectServerOptions & { maxLibraryBytes?: number } = {}): Promise<Ai21Serve> {
  const tokens = {
    alice: `alice-${randomBytes(16).toString('hex')}`,
    bob: `bob-${randomBytes(16).toString('hex')}`,
  };
  const dataDir = tempDir('lib-e2e-ai21-data-');
  const clock = opts.clock ?? new TestClock();
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    tokens: Object.entries(tokens).map(([name, secret]) => ({ name, secret })),
    processingMs: opts.processingMs ?? 0,
    faults: opts.faults,
    random: opts.random,
    log: opts.log,
    ai21Limits: { maxLibraryBytes: opts.maxLibraryBytes },
    now: clock.now,
  });
  const baseUrl = server.dialects.find((d) => d.name === 'ai21')!.baseUrl;
  const clis: Cli[] = [];
  return {
    url: server.url,
    baseUrl,
    server,
    dataDir,
    tokens,
    clock,
    clis,
    cli(who, env = {}) {
      const c = new Cli({ url: baseUrl, clock }, tokens[who], { LIB_PROVIDER: 'ai21', LIB_RETRY_BASE_MS: '1', ...env });
      // The vendor's own variable, as an AI21 user has it.
      delete c.sandbox.env.LIB_API_KEY;
      c.sandbox.env.AI21_API_KEY = tokens[who];
      clis.push(c);
      return c;
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** No key of any principal in any stdout or stderr of any run; then clean up. */
export function expectNothingLeaked(s: Ai21Serve): string[] {
  const leaks: string[] = [];
  for (const cli of s.clis) {
    for (const text of cli.outputs)
      for (const secret of Object.values(s.tokens)) if (text.includes(secret)) leaks.push(secret);
    cli.cleanup();
  }
  return leaks;
}
