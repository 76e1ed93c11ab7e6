/** Which nouns an argv loads: only the one that runs (start-up pays for nothing else). */
import { describe, expect, it } from 'vitest';
import { nounsFor } from '../../src/commands/nouns.js';

const VALUE_OPTIONS = ['--profile', '--retries'];
const names = (argv: string[]) => nounsFor(argv, VALUE_OPTIONS).map((n) => n.name);

describe('nounsFor', () => {
  it.each([
    [[], []],
    [['--version'], []],
    [['--help'], []],
    [['help'], []],
    [['fiel'], []],
    [['serve', '--port', '0'], []],
    [['file', 'upload', 'a.md'], ['file']],
    [['doc', 'list'], ['file']],
    [['help', 'library'], ['library']],
    [['--json', 'share', 'list', 'x'], ['share']],
    [['--profile', 'file', 'profile', 'list'], ['profile']],
    [['--retries', '3', 'library', 'list'], ['library']],
    [['--', 'file'], []],
  ])('%j -> %j', (argv, expected) => expect(names(argv)).toEqual(expected));
});
