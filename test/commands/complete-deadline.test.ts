/**
 * lib __complete's deadline, injected: runComplete with a deadline that has
 * already passed prints nothing and cancels the lookup, while what needs no
 * lookup is still answered. No server, no clock, no sleep.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { runComplete as RunComplete } from '../../src/commands/completion/index.js';
import type { createFactory as CreateFactory, Factory } from '../../src/factory.js';
import { systemClock } from '../../src/clock.js';
import { captureIO, ROOT, Sandbox } from '../helpers.js';

/** The built modules, as the binary runs them (and no TypeScript to transform). */
const dist = <T>(file: string) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href) as Promise<T>;
const { runComplete } = await dist<{ runComplete: typeof RunComplete }>('commands/completion/index.js');
const { createFactory } = await dist<{ createFactory: typeof CreateFactory }>('factory.js');
const { buildProgram } = await dist<{ buildProgram: (f: Factory, argv?: readonly string[]) => Promise<Command> }>(
  'main.js',
);

const sb = new Sandbox();
// The library the lookups find, whichever test runs first.
beforeAll(() => sb.lib(['library', 'create', 'Team Docs']));
afterAll(() => sb.cleanup());

async function tab(words: string[], deadline: () => Promise<void>): Promise<{ out: string; aborted: number }> {
  const { io, stdout } = captureIO();
  const f = createFactory({
    version: '0.0.0',
    env: sb.env,
    io,
    signal: new AbortController().signal,
    clock: systemClock,
  });
  let aborted = 0;
  try {
    await runComplete(f, await buildProgram(f, words), words, () => aborted++, deadline);
  } finally {
    await f.close();
  }
  return { out: stdout().toString('utf8'), aborted };
}

describe('the deadline of a lookup', () => {
  const passed = () => Promise.resolve();
  const never = () => new Promise<void>(() => {});

  it('passed: nothing printed, the lookup cancelled', async () => {
    expect(await tab(['library', 'get', ''], passed)).toEqual({ out: '', aborted: 1 });
  });

  it('not passed: the names', async () => {
    const r = await tab(['library', 'get', ''], never);
    expect(r.aborted).toBe(0);
    // The description is the library's id where it has no description.
    expect(r.out).toMatch(/^Team Docs\t[0-9a-f-]{36}\n:none\n$/);
  });

  it('what needs no lookup is answered whatever the deadline', async () => {
    expect(await tab(['file', 'list', '--status', 'p'], passed)).toEqual({
      out: 'pending\nprocessing\n:none\n',
      aborted: 0,
    });
  });
});
