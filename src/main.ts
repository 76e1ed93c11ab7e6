/**
 * Builds the program, runs it, and maps errors to exit codes: the only place
 * that decides the exit status (see the table in README.md).
 */
import { Command, CommanderError, Option } from 'commander';
import { CancelError, ExitCode, LibError } from './errors.js';
import { systemClock, type Clock } from './clock.js';
import { createFactory, type Factory, type GlobalOptions } from './factory.js';
import { terminalSafe } from './output/format.js';
import { systemIO, decideColor, type IO } from './output/io.js';
import { packageVersion } from './version.js';
import { NOUNS, nounCommand, nounsFor } from './commands/nouns.js';
import { register as registerApi } from './commands/api/index.js';
import { COMPLETE_COMMAND, register as registerCompletion, runComplete } from './commands/completion/index.js';
import { register as registerServe } from './commands/serve/index.js';
import { examples, positiveIntOrZero } from './commands/shared.js';

const ENVIRONMENT_HELP = `
Environment:
  LIB_HOME          where lib keeps its config and local data (default: the platform's dirs)
  LIB_PROFILE       the profile to use (like --profile)
  LIB_PROVIDER      local, mistral, ai21 or hal (overrides the profile's)
  LIB_BASE_URL      the API base URL (overrides the profile's)
  LIB_API_KEY       the API key (overrides the profile's); MISTRAL_API_KEY, AI21_API_KEY also work
  LIB_LIBRARY       the library file verbs use when --library is left out (overrides the profile's)
  NO_COLOR          disable color; FORCE_COLOR forces it
  CI                no spinners or progress
  LIB_RETRY_BASE_MS first retry backoff in ms (default 250)
  LIB_AI21_PAGE_SIZE
                    ai21: files per list request (default and most 1000)
  LIB_COMPLETE_TIMEOUT_MS
                    how long a TAB waits for a remote provider's names (default 1500)
  LIB_SERVE_LOG     lib serve: log each request on stderr (signed links by path only)
  LIB_SERVE_TOKENS  lib serve: NAME=SECRET[,NAME=SECRET...], tokens off the command line

Precedence: flags > environment > the selected profile > the built-in local profile.

Exit codes:
  0 ok, 1 failed, 2 usage or invalid input, 3 not found, 4 not authenticated or not allowed,
  5 conflict, 6 partial (some items failed), 130 interrupted
`;

/** Global options that take their value as the next word. */
const VALUE_OPTIONS = ['--profile', '--retries'];

/**
 * The program, with the nouns `argv` needs loaded (every noun when argv is not
 * given: completion checks and tests walk the whole tree).
 */
export async function buildProgram(f: Factory, argv?: readonly string[]): Promise<Command> {
  const program = new Command('lib');
  program
    .description('Manage document libraries for AI platforms: the local store, Mistral, AI21 and HAL')
    .version(f.version, '-V, --version', 'print the version')
    .option('--profile <name>', 'the profile to use (see: lib profile list)')
    .option('--json', 'print JSON: an object for one record, an array for a list')
    .option('--ndjson', 'print one JSON object per line')
    .option('-q, --quiet', 'print ids only, one per line')
    .option('--raw', "print the provider's own payload (with --json or --ndjson)")
    .option('--no-color', 'disable color')
    .option('--debug', 'trace requests on stderr (keys redacted) and show stack traces')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(
      new Option('--retries <n>', 'retries on 408, 429, 5xx and connection resets (default 6)').argParser(
        positiveIntOrZero('--retries'),
      ),
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => f.io.out.write(s),
      writeErr: (s) => f.io.err.write(s),
      // Commander's parse errors arrive here; main prints them in our format instead.
      outputError: () => {},
    })
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', ENVIRONMENT_HELP);
  examples(program, [
    'lib library create "Team Docs"',
    'lib file upload ./handbook --recursive --library "Team Docs"',
    'lib file list --library "Team Docs" --search "expenses" --all --json | jq -r ".[].name"',
    'lib share put "Team Docs" --workspace 9c2e... --level viewer',
    'lib --profile work library list',
  ]);
  program.hook('preAction', (_root, action) => {
    f.globals = action.optsWithGlobals<GlobalOptions>();
    f.io.color = decideColor({ env: f.env, isTTY: f.io.isStdoutTTY, noColorFlag: f.globals.color === false });
  });
  const wanted = argv ? nounsFor(argv, VALUE_OPTIONS) : NOUNS;
  for (const noun of NOUNS) {
    const cmd = nounCommand(program, noun);
    if (wanted.includes(noun)) (await noun.load()).register(cmd, f);
  }
  registerApi(program, f);
  registerCompletion(program, f);
  registerServe(program, f);
  return program;
}

/** The deepest command argv names ("lib file upload"), for a usage hint that points at the right help. */
export function commandPath(program: Command, argv: string[]): string {
  const names = [program.name()];
  let current = program;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.startsWith('-')) {
      // Skip an option's separate value ("--profile file" must not read as the noun "file").
      const option = [...current.options, ...program.options].find((o) => o.short === word || o.long === word);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    const sub = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    names.push(sub.name());
    current = sub;
  }
  return names.join(' ');
}

/**
 * Help the way people ask for it: `lib help file upload` is `lib file upload
 * --help` (commander's own help command stops at the noun), `lib help fiel` and
 * `lib help file uplod` are the unknown-command error with its suggestion, and a noun alone (`lib file`)
 * shows the noun's help and exits 0, as `lib` alone does.
 */
export function helpArgv(program: Command, argv: string[]): string[] {
  const positions: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (word.startsWith('-')) {
      const option = program.options.find((o) => o.short === word || o.long === word);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    positions.push(i);
  }
  const words = positions.map((i) => argv[i]!);
  const find = (parent: Command, name: string) =>
    parent.commands.find((c) => c.name() === name || c.aliases().includes(name));
  if (words[0] === 'help' && words[1] === 'environment') return ['--help-environment'];
  if (words[0] === 'help' && words.length > 1) {
    const rest = argv.filter((_, i) => i !== positions[0]);
    // An unknown word (`help fiel`, `help file uplod`): let commander say so, with its "did you mean".
    let cmd = program;
    for (const word of words.slice(1)) {
      if (cmd.commands.length === 0) break;
      const sub = find(cmd, word);
      if (!sub) return rest;
      cmd = sub;
    }
    return [...rest, '--help'];
  }
  if (words.length === 1) {
    const noun = find(program, words[0]!);
    if (noun && noun.commands.length > 0) return [...argv, '--help'];
  }
  return argv;
}

/** Turn anything thrown into (message, hint, exit code). */
export function describeError(err: unknown, usage = 'lib'): { message: string; hint?: string; code: number } {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return { message: '', code: err.exitCode === 0 ? ExitCode.ok : ExitCode.usage };
    }
    // One line: commander's "(Did you mean ...?)" joins the message instead of a line of its own.
    const message = err.message
      .replace(/^error: /, '')
      .replace(/\n\(Did you mean (.*)\)$/s, (_, s: string) => ` (did you mean ${s})`)
      .replace(/\n/g, ' ');
    return { message, hint: `Run '${usage} --help' for usage.`, code: ExitCode.usage };
  }
  if (err instanceof LibError) return { message: err.message, hint: err.hint, code: err.exitCode };
  const message = err instanceof Error ? err.message : String(err);
  return { message: `unexpected error: ${message}`, code: ExitCode.failed };
}

/**
 * Runs lib with these arguments and this environment; resolves to the exit
 * code. `io` and `clock` are the process's own unless given (tests hand in a
 * test IO, and a clock shared with an in-process server).
 */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io?: IO,
  clock: Clock = systemClock,
): Promise<number> {
  const controller = new AbortController();
  const stdio = io ?? systemIO(env, argv.includes('--no-color'));
  const f = createFactory({ version: packageVersion(), env, io: stdio, signal: controller.signal, clock });
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort(new CancelError('interrupted'));
  };
  process.on('SIGINT', onSigint);
  let program: Command | undefined;
  let args = argv;
  try {
    if (argv[0] === COMPLETE_COMMAND) {
      // A TAB: the words as typed (not parsed as lib's own options), never an error. Only the
      // noun they name is loaded: the others' bare names are enough to complete a noun.
      program = await buildProgram(f, argv.slice(1));
      await runComplete(f, program, argv.slice(1), () => controller.abort(new CancelError('timed out')));
      return ExitCode.ok;
    }
    program = await buildProgram(f, argv);
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    args = helpArgv(program, argv);
    if (args[0] === '--help-environment') {
      // `lib help environment`: every variable lib reads, and which wins.
      f.io.out.write(ENVIRONMENT_HELP.trimStart());
      return ExitCode.ok;
    }
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    const interrupted = controller.signal.aborted;
    const { message, hint, code } = interrupted
      ? { message: 'interrupted', hint: undefined, code: ExitCode.interrupted }
      : describeError(err, program ? commandPath(program, args) : 'lib');
    // One line each, whatever a server put in its error text (newlines, escape sequences).
    if (message) stdio.err.write(`lib: ${terminalSafe(message)}\n`);
    if (hint) stdio.err.write(`${terminalSafe(hint)}\n`);
    if (f.globals.debug && err instanceof Error && err.stack) stdio.err.write(`${err.stack}\n`);
    return code;
  } finally {
    process.off('SIGINT', onSigint);
    await f.close().catch(() => {});
  }
}

export async function runCli(): Promise<void> {
  // `lib ... | head -1`: the reader went away. That is the reader's choice, not
  // a failure: stop quietly instead of dying on an unhandled EPIPE with a trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    process.exit(err.code === 'EPIPE' ? ExitCode.ok : ExitCode.failed);
  });
  process.stderr.on('error', () => {});
  const code = await main(process.argv.slice(2), process.env);
  process.exitCode = code;
}
