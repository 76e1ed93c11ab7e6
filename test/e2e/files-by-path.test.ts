/** A file addressed by its path and name, as it shows in a listing: `policies/2024/handbook.pdf`. */
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('files by path', () => {
  it('path/name finds the one file at that path, even when the name is not unique', async () => {
    await sb.lib(['library', 'create', 'docs', '-q']);
    const y2024 = (
      await sb.lib([
        'file',
        'upload',
        sb.file('h.md', '2024'),
        '-l',
        'docs',
        '--path',
        'policies/2024',
        '--name',
        'handbook.md',
        '-q',
      ])
    ).trim();
    const y2025 = (
      await sb.lib([
        'file',
        'upload',
        sb.file('h.md', '2025!'),
        '-l',
        'docs',
        '--path',
        'policies/2025',
        '--name',
        'handbook.md',
        '-q',
      ])
    ).trim();
    expect((await sb.run(['file', 'get', 'handbook.md', '-l', 'docs'])).code).toBe(2); // ambiguous by name alone
    expect(JSON.parse(await sb.lib(['file', 'get', 'policies/2024/handbook.md', '-l', 'docs', '--json'])).id).toBe(
      y2024,
    );
    expect(JSON.parse(await sb.lib(['file', 'get', '/policies/2025/handbook.md', '-l', 'docs', '--json'])).id).toBe(
      y2025,
    );
    expect(await sb.run(['file', 'get', 'policies/2023/handbook.md', '-l', 'docs'])).toMatchObject({
      code: 3,
      stderr: 'lib: file "policies/2023/handbook.md" not found in library "docs"\n',
    });
  });
});
