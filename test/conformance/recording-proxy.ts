/**
 * A proxy in front of a server that records each request as it went over the
 * wire (method, path and query, headers, body bytes) before forwarding it
 * unchanged: what the conformance suites validate against a contract.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireRequest } from './openapi-requests.js';

/** A proxy in front of `target` that records every request before forwarding it unchanged. */
export async function recordingProxy(
  target: string,
): Promise<{ url: string; requests: WireRequest[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const requests: WireRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers }, body });
      // The Host header goes through as is, so the server's signed links point back here and are recorded too.
      const headers = { ...req.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
