/**
 * The shared shape check every remote provider runs on a success body before
 * mapping it (src/providers/shared/shape.ts): what it accepts, and the one line
 * it gives for what it does not.
 */
import { describe, expect, it } from 'vitest';
import { FailedError } from '../../src/errors.js';
import { checked, checkedList } from '../../src/providers/shared/shape.js';

const SPEC = { id: 'string', size: 'number?', tags: 'array?', meta: 'object?', done: 'boolean' } as const;

describe('checked', () => {
  it('passes a body with the fields it relies on, optional ones absent or null, extra ones ignored', () => {
    const body = { id: 'a', done: false, size: null, extra: 1 };
    expect(checked(body, 'the file', SPEC)).toBe(body);
    expect(checked({ id: 'a', done: true, size: 3, tags: [], meta: {} }, 'the file', SPEC)).toBeTruthy();
  });

  it('refuses what is not the promised shape, in one line that says what is wrong', () => {
    const fails = (value: unknown) => {
      try {
        checked(value, 'the file', SPEC);
      } catch (err) {
        expect(err).toBeInstanceOf(FailedError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(fails({})).toBe('unexpected answer from the server: the file has no "id"');
    expect(fails({ id: 5, done: true })).toBe('unexpected answer from the server: the file has a non-string "id"');
    expect(fails({ id: 'a', done: true, tags: {} })).toBe(
      'unexpected answer from the server: the file has a non-array "tags"',
    );
    expect(fails([])).toBe('unexpected answer from the server: the file is not an object');
    expect(fails(null)).toBe('unexpected answer from the server: the file is not an object');
    expect(fails('{}')).toBe('unexpected answer from the server: the file is not an object');
  });
});

describe('checkedList', () => {
  it('maps a list item by item, and refuses what is not a list', () => {
    expect(
      checkedList([{ id: 'a' }], 'the files', (v) => checked<{ id: string }>(v, 'a file', { id: 'string' }).id),
    ).toEqual(['a']);
    expect(() => checkedList({ data: [] }, 'the files', (v) => v)).toThrow(
      'unexpected answer from the server: the files is not a list',
    );
  });
});
