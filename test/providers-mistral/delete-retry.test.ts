/**
 * A DELETE whose answer was lost (the server did the work, then a 503 or a
 * reset reached us) is retried and then finds nothing: that is success, not
 * "not found". A first-attempt 404 still is "not found".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { createMistralProvider } from '../../src/providers/mistral/index.js';

const LIB = '0b6c5a2e-8f1d-4c3b-9a7e-1d2c3b4a5f60';
const DOC = '7e1d2c3b-4a5f-4b6c-8d9e-0f1a2b3c4d5e';
let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(answers: number[]): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const status = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 204 ? undefined : JSON.stringify({ detail: status === 404 ? 'Not found' : 'busy' }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('deleting through a flaky network', () => {
  it('a 404 on the retry after a 503 means the first attempt deleted it', async () => {
    const { url, seen } = await serve([503, 404, 503, 404]);
    const provider = createMistralProvider({ baseUrl: url, apiKey: 'sk-test-key-123456', retryBaseMs: 1 });
    await expect(provider.deleteFile(LIB, DOC)).resolves.toBeUndefined();
    await expect(provider.deleteLibrary(LIB)).resolves.toBeUndefined();
    await provider.close();
    expect(seen).toEqual([
      `DELETE /v1/libraries/${LIB}/documents/${DOC}`,
      `DELETE /v1/libraries/${LIB}/documents/${DOC}`,
      `DELETE /v1/libraries/${LIB}`,
      `DELETE /v1/libraries/${LIB}`,
    ]);
  });

  it('a 404 on the first attempt is not found', async () => {
    const { url } = await serve([404]);
    const provider = createMistralProvider({ baseUrl: url, apiKey: 'sk-test-key-123456', retryBaseMs: 1 });
    const err = await provider.deleteFile(LIB, DOC).catch((e: unknown) => e);
    await provider.close();
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe(`document "${DOC}" not found (mistral, 404)`);
  });
});
