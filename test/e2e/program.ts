/**
 * What the built program registers (dist/main.js, as the binary runs it):
 * global flags, nouns, verbs and their flags, for tests that check the
 * completion scripts against the program so they cannot drift.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ROOT } from '../helpers.js';

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
export interface Registry {
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
  const io = {
    out: new PassThrough(),
    err: new PassThrough(),
    in: new PassThrough(),
    isStdoutTTY: false,
    isStderrTTY: false,
    isStdinTTY: false,
    color: false,
    progress: false,
    columns: 0,
  };
  const program = await buildProgram(
    createFactory({ version: '0.0.0', env: {}, io, signal: new AbortController().signal }),
  );
  const valueFlags = new Set<string>();
  const collect = (cmd: Command) => {
    for (const o of cmd.options)
      if (o.required || o.optional) for (const f of [o.long, o.short]) if (f) valueFlags.add(f);
    cmd.commands.forEach(collect);
  };
  collect(program);
  return {
    globals: [...flagsOf(program), '--help'],
    nouns: program.commands.map((noun) => ({
      names: [noun.name(), ...noun.aliases()],
      verbs: noun.commands.map((verb) => ({ names: [verb.name(), ...verb.aliases()], flags: flagsOf(verb) })),
      flags: flagsOf(noun),
    })),
    valueFlags,
  };
}
