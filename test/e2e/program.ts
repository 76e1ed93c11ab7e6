/**
 * What the built program registers (dist/main.js, as the binary runs it):
 * global flags, nouns, verbs and their flags, for tests that check the
 * completion scripts against the program so they cannot drift.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { systemClock } from '../../src/clock.js';
import { captureIO, ROOT } from '../helpers.js';

export interface Verb {
  names: string[];
  flags: string[];
}
export interface Noun {
  names: string[];
  verbs: Verb[];
  /** A noun without verbs (serve): its own flags. */
  flags: string[];
}
/** One command of the tree, as completion sees it. */
export interface CommandInfo {
  /** The names after `lib` ("file upload"). */
  path: string[];
  /** Its own flags that take a value, long and short. */
  valueFlags: string[];
  /** Its positional arguments. */
  args: { name: string; variadic: boolean }[];
  /** Its subcommands' names and aliases. */
  subcommands: string[];
}

export interface Registry {
  /** Every command that is not hidden, the root included (path []). */
  commands: CommandInfo[];
  globals: string[];
  nouns: Noun[];
  /** Every flag that takes a value (`--library <library>`), long and short, anywhere. */
  valueFlags: Set<string>;
}

function flagsOf(cmd: Command): string[] {
  return cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
}

export async function registry(): Promise<Registry> {
  const { buildProgram } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href)) as {
    buildProgram: (f: unknown) => Promise<Command>;
  };
  const { createFactory } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'factory.js')).href)) as {
    createFactory: (deps: unknown) => unknown;
  };
  const { io } = captureIO();
  const program = await buildProgram(
    createFactory({ version: '0.0.0', env: {}, io, signal: new AbortController().signal, clock: systemClock }),
  );
  const valueFlags = new Set<string>();
  const collect = (cmd: Command) => {
    for (const o of cmd.options)
      if (o.required || o.optional) for (const f of [o.long, o.short]) if (f) valueFlags.add(f);
    cmd.commands.forEach(collect);
  };
  collect(program);
  const hidden = (c: Command) => Boolean((c as unknown as { _hidden?: boolean })._hidden);
  const commands: CommandInfo[] = [];
  const walk = (cmd: Command, path: string[]) => {
    commands.push({
      path,
      valueFlags: cmd.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long!, o.short ?? []].flat()),
      args: cmd.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic })),
      subcommands: cmd.commands.filter((c) => !hidden(c)).flatMap((c) => [c.name(), ...c.aliases()]),
    });
    for (const sub of cmd.commands) if (!hidden(sub)) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return {
    commands,
    globals: [...flagsOf(program), '--help'],
    // Hidden commands (__complete) are not offered, so not listed.
    nouns: program.commands
      .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
      .map((noun) => ({
        names: [noun.name(), ...noun.aliases()],
        verbs: noun.commands.map((verb) => ({ names: [verb.name(), ...verb.aliases()], flags: flagsOf(verb) })),
        flags: flagsOf(noun),
      })),
    valueFlags,
  };
}
