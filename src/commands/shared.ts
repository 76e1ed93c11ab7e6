/** What the verbs share: option parsers, confirmation, help examples. */
import { type Command, InvalidArgumentError } from 'commander';
import { CancelError, UnsupportedError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { can, REGISTRY, type Capabilities } from '../providers/registry.js';
import type { ListLimit } from '../providers/types.js';
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

/** --label and friends: repeatable, and never with a comma (tab-separated output lists labels comma-separated). */
export function collectLabel(value: string, previous: string[] | undefined): string[] {
  if (value.includes(',')) {
    throw new InvalidArgumentError(
      `"${value}": a label cannot contain a comma (labels are listed comma-separated); repeat the flag for several`,
    );
  }
  if (value.trim() === '') throw new InvalidArgumentError('a label cannot be empty');
  return collect(value, previous);
}

export function nonEmpty(what: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${what} must not be empty`);
  return value;
}

/**
 * --attribute values, as httpie writes them: `KEY=VALUE` is always the string
 * VALUE (`v=1.10` stays "1.10", `s="2024"` keeps its quotes); `KEY:=JSON` is a
 * typed value (`n:=42`, `ok:=true`, `tags:=["a","b"]`, `x:=null`). An integer
 * beyond what JSON numbers hold exactly is refused rather than rounded.
 * `removed` keys (--remove-attribute) become null, which removes them.
 */
export function parseAttributes(
  pairs: string[] | undefined,
  removed: string[] = [],
): Record<string, unknown> | undefined {
  if (!pairs?.length && !removed.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    const typed = eq > 0 && pair[eq - 1] === ':';
    const key = typed ? pair.slice(0, eq - 1) : pair.slice(0, eq);
    if (eq <= 0 || key === '') {
      throw new UsageError(`invalid attribute "${pair}": expected KEY=TEXT or KEY:=JSON`);
    }
    const raw = pair.slice(eq + 1);
    if (!typed) {
      out[key] = raw;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new UsageError(`invalid attribute "${pair}": after := comes JSON (42, true, "text", ["a"], null)`);
    }
    if (typeof value === 'number' && /^-?\d+$/.test(raw.trim()) && !Number.isSafeInteger(value)) {
      throw new UsageError(`attribute ${key}: ${raw.trim()} is too large to keep exactly as a number`, {
        hint: `Keep it as text: --attribute ${key}=${raw.trim()}`,
      });
    }
    out[key] = value;
  }
  for (const key of removed) {
    if (key === '') throw new UsageError('--remove-attribute needs a key');
    out[key] = null;
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
 * A list under --limit/--all, cut where the user asked. When only the default
 * limit cut it, a line on stderr says so (a pipe into xargs must not act on the
 * first page believing it is everything): the total where the backend gives
 * one, else that there are more.
 */
export async function* limitedList<T>(
  f: Factory,
  opts: { limit?: number; all?: boolean },
  list: (limits: ListLimit) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const limits = listLimit(opts);
  const byDefault = !opts.all && opts.limit === undefined;
  if (!byDefault) {
    yield* list(limits);
    return;
  }
  let total: number | undefined;
  let shown = 0;
  let more = false;
  // One more than the page: whether it comes says whether the page is everything.
  for await (const item of list({ limit: DEFAULT_LIMIT + 1, onTotal: (n) => (total = n) })) {
    if (shown === DEFAULT_LIMIT) {
      more = true;
      break;
    }
    shown++;
    yield item;
  }
  if (more) {
    const of = total !== undefined ? `of ${total.toLocaleString('en-US')}` : 'of more';
    f.io.err.write(`showing ${DEFAULT_LIMIT} ${of}; --all for every one, --limit N for more\n`);
  }
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

/**
 * Refuses what the current provider cannot do, from the registry, before the
 * provider is loaded or any request is sent: one line, exit 2. Each check is
 * [capability, what the user asked for, whether they asked].
 */
export function requireCapabilities(f: Factory, checks: [keyof Capabilities, string, unknown][]): void {
  const provider = f.effective().provider.value;
  for (const [what, asked, used] of checks) {
    if (used === undefined || used === false || (Array.isArray(used) && used.length === 0)) continue;
    if (!can(provider, what)) {
      const why =
        what === 'sharing' && REGISTRY[provider].capabilities.libraries === 'one'
          ? ' (it has one account-wide library)'
          : '';
      throw new UnsupportedError(`the ${provider} provider does not support ${asked}${why}`);
    }
  }
}
