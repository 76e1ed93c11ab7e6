/**
 * What a provider cannot do is refused from the registry before the provider
 * is loaded or any request is sent: exactly one line on stderr, exit 2. The
 * mistral runs point at a port where nothing listens, so any request at all
 * would fail differently (exit 1, "cannot connect").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY, supportedBy } from '../../src/providers/registry.js';
import { PROVIDERS } from '../../src/config/profiles.js';
import { Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const MISTRAL = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: 'http://127.0.0.1:9', LIB_API_KEY: 'key-12345678' };
const file = () => sb.file('a.md', '# a');

describe('unsupported flags, before any request', () => {
  const mistral: [string[], string][] = [
    [['file', 'upload', 'a.md', 'b.md', '-l', 'Docs', '--label', 'x'], 'labels (--label)'],
    [['file', 'upload', 'a.md', '-l', 'Docs', '--path', 'x'], 'paths (--path)'],
    [['file', 'upload', 'a.md', '-l', 'Docs', '--public-url', 'https://e.x'], 'public URLs (--public-url)'],
    [['file', 'list', '-l', 'Docs', '--label', 'x'], 'labels (--label)'],
    [['file', 'update', 'a.md', '-l', 'Docs', '--add-label', 'x'], 'labels (--label, --add-label, --remove-label)'],
    [['library', 'create', 'x', '--type', 'google-drive'], 'library types (--type)'],
    [['library', 'update', 'x', '--sync-interval', '5'], 'sync intervals (--sync-interval)'],
    [['library', 'owner', 'x'], 'library owners'],
    [['library', 'sync', 'x'], 'library sync'],
  ];
  it.each(mistral)('mistral: %j', async (args, what) => {
    file();
    const r = await sb.run(args, { env: MISTRAL });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `lib: the mistral provider does not support ${what}\n` });
  });

  const local: [string[], string][] = [
    [['file', 'url', 'a.md', '-l', 'Docs'], 'signed URLs'],
    [['file', 'reprocess', 'a.md', '-l', 'Docs', '-y'], 'reprocessing'],
    [['file', 'text', 'a.md', '-l', 'Docs', '--pages', '1'], 'page ranges (--pages)'],
    [['library', 'owner', 'x'], 'library owners'],
    [['library', 'create', 'x', '--data', '{}'], 'driver settings (--data)'],
  ];
  it.each(local)('local: %j', async (args, what) => {
    const r = await sb.run(args);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `lib: the local provider does not support ${what}\n` });
  });
});

describe('the registry', () => {
  it('names every provider profiles accept, with what each can do', () => {
    expect([...PROVIDERS].sort()).toEqual(Object.keys(REGISTRY).sort());
    expect(supportedBy('signedUrls')).toBe('mistral');
    expect(supportedBy('owner')).toBe('hal');
    expect(REGISTRY.ai21.capabilities.libraries).toBe('one');
  });

  it('help says which providers have a verb, from the same data', async () => {
    const help = await sb.run(['file', 'url', '--help']);
    expect(help.stdout).toContain(`Print a signed URL for downloading a file (${supportedBy('signedUrls')})`);
  });
});

describe('the README', () => {
  it("shows the registry's capability table as it is", async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { ROOT } = await import('../helpers.js');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const names = Object.keys(REGISTRY) as (keyof typeof REGISTRY)[];
    const cell = (v: unknown) =>
      v === true
        ? 'yes'
        : v === false || v === null
          ? 'no'
          : typeof v === 'object'
            ? (v as { principals: string[] }).principals.join(', ')
            : String(v);
    for (const cap of Object.keys(REGISTRY.local.capabilities) as (keyof typeof REGISTRY.local.capabilities)[]) {
      const row = `| \`${cap}\` | ${names.map((n) => cell(REGISTRY[n].capabilities[cap])).join(' | ')} |`;
      expect(readme).toContain(row);
    }
  });
});

describe('completion', () => {
  it('offers exactly the registry providers after --provider', async () => {
    const r = await sb.run(['__complete', 'profile', 'add', 'x', '--provider', '']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `${Object.keys(REGISTRY).join('\n')}\n:none\n` });
  });
});
