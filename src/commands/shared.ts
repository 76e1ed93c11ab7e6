/** What the verbs share: option parsers, confirmation, help examples. */
import { type Command, InvalidArgumentError } from 'commander';
import { CancelError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { canPrompt } from '../output/io.js';

/** Attach examples so that `--help` leads with them (gh style). */
export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('before', `Examples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      throw new InvalidArgumentError(`${name} must be a positive whole number`);
    }
    return Number(value);
  };
}

export function positiveIntOrZero(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    return Number(value);
  };
}

export function nonNegativeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new InvalidArgumentError(`${name} must be a non-negative number`);
    }
    return n;
  };
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function nonEmpty(what: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${what} must not be empty`);
  return value;
}

/** KEY=VALUE pairs; values that parse as JSON (numbers, booleans, arrays) keep their type. */
export function parseAttributes(pairs: string[] | undefined): Record<string, unknown> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid attribute "${pair}": expected KEY=VALUE`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    if (/^(-?\d+(\.\d+)?|true|false|\[.*\])$/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

/** --limit and --all together make no sense; with neither, lists show the default page. */
export const DEFAULT_LIMIT = 50;
export function listLimit(opts: { limit?: number; all?: boolean }): { limit?: number; all?: boolean } {
  if (opts.all && opts.limit !== undefined) throw new UsageError('--limit and --all cannot be used together');
  return opts.all ? { all: true } : { limit: opts.limit ?? DEFAULT_LIMIT };
}

/**
 * Destructive verbs: -y skips the question; a terminal is asked (default No);
 * without a terminal and without -y we refuse rather than guess.
 */
export async function confirm(f: Factory, question: string): Promise<void> {
  if (f.globals.yes) return;
  if (!canPrompt(f.io)) {
    throw new UsageError(
      `${question.replace(/\?$/, '')}: confirmation required; pass -y to confirm without a terminal`,
    );
  }
  if (!(await f.prompter().confirm(question))) throw new CancelError('cancelled', { exitCode: 1 });
}

export function quote(s: string): string {
  return JSON.stringify(s);
}
