import { describe, expect, it } from 'vitest';
import { localName } from '../../src/commands/file/download.js';
import { UsageError } from '../../src/errors.js';

describe('localName: a remote name never picks the directory we write to', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../.bashrc', '.bashrc'],
    ['/etc/passwd', 'passwd'],
    ['..\\..\\win.ini', 'win.ini'],
    ['a\u0000b\nc.txt', 'abc.txt'],
  ])('%j -> %j', (name, expected) => expect(localName(name)).toBe(expected));

  it.each(['..', '.', 'dir/', '', '\u0007'])('%j needs -o', (name) => {
    expect(() => localName(name)).toThrow(UsageError);
  });
});
