/** A bulk command's failure lines carry names and server text: escaped, never raw to the terminal. */
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const sandbox = new Sandbox();
afterAll(() => sandbox.cleanup());

describe('bulk failure lines', () => {
  it('escape control characters', async () => {
    await sandbox.lib(['library', 'create', 'docs', '-q']);
    const evil = sandbox.file('\u001b]0;pwned\u0007\u001b[2Jx.md', '# evil');
    await sandbox.lib(['file', 'upload', evil, '-l', 'docs', '-q']);
    // The second upload of the same name is a conflict: one item fails, its line names it.
    const r = await sandbox.run(['file', 'upload', sandbox.file('b.md', '# b'), evil, '-l', 'docs', '-q']);
    expect(r.code).toBe(6);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('\\u001b]0;pwned\\u0007\\u001b[2Jx.md: file "\\u001b]0;pwned');
  });
});
