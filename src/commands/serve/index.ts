import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import { collect, examples, positiveInt, positiveIntOrZero, nonNegativeNumber } from '../shared.js';

export interface ServeOptions {
  host: string;
  port: number;
  data?: string;
  token?: string[];
  tokenFile?: string;
  processingMs?: number;
  faults?: string;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  idleTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxClientConnections?: number;
  team?: string[];
  driveRoot?: string;
  ai21MaxFileBytes?: number;
  ai21MaxLibraryBytes?: number;
}

/** A day: longer limits are no limits, and Node's timers cannot hold much more. */
const MAX_LIMIT_MS = 86_400_000;

/** A time limit in ms: a whole number from 1 (or 0 where 0 means none) up to a day. */
function milliseconds(flag: string, zeroIsNone = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > MAX_LIMIT_MS || (n === 0 && !zeroIsNone)) {
      throw new InvalidArgumentError(
        `${flag} must be a whole number of milliseconds from ${zeroIsNone ? 0 : 1} to ${MAX_LIMIT_MS}`,
      );
    }
    return n;
  };
}

export function register(program: Command, f: Factory, runF = run): void {
  const cmd = program
    .command('serve')
    .description("Serve the local store over HTTP in the vendors' dialects")
    .option('--host <host>', 'the address to bind', '127.0.0.1')
    .option('--port <port>', 'the port (0 picks a free one)', positiveIntOrZero('--port'), 8700)
    .option('--data <dir>', 'the store directory (default: the local profile data dir)')
    .option(
      '--token <name=secret>',
      'a principal and its bearer token (repeatable; visible to ps, see --token-file)',
      collect,
    )
    .option(
      '--token-file <file>',
      'read NAME=SECRET lines from a file (- for stdin); also LIB_SERVE_TOKENS="a=s1,b=s2"',
    )
    .option(
      '--processing-ms <ms>',
      'how long documents take to process (default 1000)',
      nonNegativeNumber('--processing-ms'),
    )
    .option('--faults <spec>', 'inject faults at rates, e.g. 429=0.1,503=0.05,reset=0.02,lost=0.01')
    .option(
      '--headers-timeout-ms <ms>',
      'time a client has to send its headers (default 20000)',
      milliseconds('--headers-timeout-ms'),
    )
    .option(
      '--body-timeout-ms <ms>',
      'silence allowed in the middle of a request (default 30000)',
      milliseconds('--body-timeout-ms'),
    )
    .option(
      '--idle-timeout-ms <ms>',
      'an idle keep-alive connection is closed after (default 5000)',
      milliseconds('--idle-timeout-ms'),
    )
    .option(
      '--request-timeout-ms <ms>',
      'time to receive a whole request, body included (default 0: none, uploads take long)',
      milliseconds('--request-timeout-ms', true),
    )
    .option(
      '--max-client-connections <n>',
      'connections one client address may hold (default 64)',
      positiveInt('--max-client-connections'),
    )
    .option(
      '--team <name=members>',
      'hal: a team (owner id team:NAME) and its members, token names (repeatable): data-science=alice,bob',
      collect,
    )
    .option('--drive-root <dir>', 'hal: the directory standing in for cloud drives (data.folderId is a folder in it)')
    .option(
      '--ai21-max-file-bytes <n>',
      "ai21: the largest file accepted (default AI21's 5 MB, 5242880)",
      positiveInt('--ai21-max-file-bytes'),
    )
    .option(
      '--ai21-max-library-bytes <n>',
      "ai21: the largest account library (default AI21's 1 GB, 1073741824)",
      positiveInt('--ai21-max-library-bytes'),
    )
    .action((opts: ServeOptions) => runF(f, opts));
  examples(cmd, [
    'lib serve',
    'lib serve --port 0 --token alice=s3cret --token bob=t0ken',
    'lib serve --token alice=s3cret --token bob=t0ken --team data-science=alice,bob --drive-root ./drives',
    'lib serve --faults 429=0.1,503=0.05,reset=0.02 --processing-ms 200',
  ]);
}

export function parseTokens(specs: string[]): { name: string; secret: string }[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const secret = eq < 0 ? '' : spec.slice(eq + 1);
    if (eq <= 0 || !/^[A-Za-z0-9._-]+$/.test(name) || secret.length < 4 || /\s/.test(secret)) {
      throw new UsageError(
        `invalid --token "${name || spec}": expected NAME=SECRET (secret of 4+ characters, no spaces)`,
      );
    }
    if (seen.has(name)) throw new UsageError(`--token ${name} is given twice`);
    seen.add(name);
    return { name, secret };
  });
}

/** --team NAME=MEMBER,MEMBER: hal's teams; members must be principals (checked when the server starts). */
export function parseTeams(specs: string[]): { name: string; members: string[] }[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const members =
      eq < 0
        ? []
        : spec
            .slice(eq + 1)
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean);
    if (eq <= 0 || !/^[A-Za-z0-9._-]+$/.test(name) || members.length === 0) {
      throw new UsageError(`invalid --team "${spec}": expected NAME=MEMBER[,MEMBER...], e.g. data-science=alice,bob`);
    }
    if (seen.has(name)) throw new UsageError(`--team ${name} is given twice`);
    seen.add(name);
    return { name, members: [...new Set(members)] };
  });
}

/** --drive-root must be an existing directory. */
function driveRoot(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const abs = path.resolve(dir);
  let isDir = false;
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--drive-root ${dir} is not a directory`);
  return abs;
}

/**
 * Tokens that stay off the command line (where `ps` shows them to every user):
 * LIB_SERVE_TOKENS (comma-separated NAME=SECRET) and --token-file, one
 * NAME=SECRET a line, blank lines and # comments ignored.
 */
async function tokensFromOutside(f: Factory, file: string | undefined): Promise<string[]> {
  const specs = (f.env.LIB_SERVE_TOKENS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (file === undefined) return specs;
  let text: string;
  try {
    text = file === '-' ? await readAll(f.io.in) : fs.readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read --token-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new UsageError(`--token-file ${file} holds no NAME=SECRET line`);
  return [...specs, ...lines];
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function run(f: Factory, opts: ServeOptions): Promise<void> {
  if (opts.port > 65535) throw new UsageError('--port must be at most 65535');
  const tokens = parseTokens([...(opts.token ?? []), ...(await tokensFromOutside(f, opts.tokenFile))]);
  const teams = parseTeams(opts.team ?? []);
  const drives = driveRoot(opts.driveRoot);
  const { startServer, parseFaults } = await import('../../server/index.js');
  const faults = opts.faults ? parseFaults(opts.faults) : undefined;
  const output = f.output();
  const server = await startServer({
    host: opts.host,
    port: opts.port,
    dataDir: opts.data ?? f.paths().dataDir,
    tokens,
    teams,
    driveRoot: drives,
    processingMs: opts.processingMs ?? 1000,
    faults,
    ai21Limits: { maxFileBytes: opts.ai21MaxFileBytes, maxLibraryBytes: opts.ai21MaxLibraryBytes },
    limits: {
      headersMs: opts.headersTimeoutMs,
      bodyMs: opts.bodyTimeoutMs,
      idleMs: opts.idleTimeoutMs,
      requestMs: opts.requestTimeoutMs,
      connectionsPerClient: opts.maxClientConnections,
    },
    log: f.env.LIB_SERVE_LOG ? (line) => f.io.err.write(`lib serve: ${line}\n`) : undefined,
    report: (err) =>
      f.io.err.write(`lib serve: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
  });
  // Serve until Ctrl-C or SIGTERM; stopping a server on request is success, not an interruption.
  // The handler is in place before the first line is printed: a supervisor that stops the server
  // as soon as it reads that line must find it listening for SIGTERM.
  let onTerm = () => {};
  const stopped = new Promise<void>((resolve) => {
    onTerm = () => resolve();
    process.once('SIGTERM', onTerm);
    if (f.signal.aborted) resolve();
    f.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const principals = server.principals.map((p) => ({
    name: p.name,
    userId: p.userId,
    token: p.generated ? p.token : null,
  }));
  if (output.mode === 'json' || output.mode === 'ndjson') {
    await write(
      f.io.out,
      JSON.stringify({
        url: server.url,
        dialects: server.dialects,
        orgId: server.orgId,
        workspaceId: server.workspaceId,
        principals,
        teams: teams.map((t) => ({ id: `team:${t.name}`, members: t.members })),
      }) + '\n',
    );
  } else {
    // One line per dialect with the base URL its provider takes (LIB_BASE_URL), as printed.
    const lines = [
      `lib serve: listening on ${server.url}`,
      ...server.dialects.map((d) => `dialect ${d.name}: LIB_BASE_URL=${d.baseUrl}`),
      `organization ${server.orgId} workspace ${server.workspaceId}`,
    ];
    for (const p of principals) {
      lines.push(`principal ${p.name} user ${p.userId}${p.token ? ` token ${p.token} (shown once)` : ''}`);
    }
    for (const t of teams) lines.push(`team team:${t.name} members ${t.members.join(', ')}`);
    if (drives) lines.push(`drives ${drives}`);
    await write(f.io.out, lines.join('\n') + '\n');
  }
  await stopped;
  process.off('SIGTERM', onTerm);
  await server.close();
}
