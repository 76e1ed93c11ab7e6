/**
 * Raw sockets to `lib serve`, for what a well-behaved HTTP client never does:
 * stall, drip, hold connections open, send oversized headers.
 */
import net from 'node:net';

export interface Conn {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection (or after `ms`). */
  received(ms?: number): Promise<{ text: string; closed: boolean }>;
  /** What the server sent, once one whole response is in (its headers and Content-Length bytes), it closed, or `ms` passed. */
  response(ms?: number): Promise<{ text: string; closed: boolean }>;
}

/** A whole HTTP/1.1 response with a Content-Length body is in `text`. */
function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
  return length !== undefined && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length);
}

export function rawConnect(port: number, localAddress = '127.0.0.1'): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress }, () => resolve(conn));
    let text = '';
    let closed = false;
    const waiters: (() => void)[] = [];
    const whole: (() => void)[] = [];
    socket.on('data', (c) => {
      text += c.toString('latin1');
      if (complete(text)) whole.splice(0).forEach((w) => w());
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      [...waiters.splice(0), ...whole.splice(0)].forEach((w) => w());
    });
    socket.once('error', reject);
    const until =
      (ready: () => boolean, queue: (() => void)[]) =>
      (ms = 15_000): Promise<{ text: string; closed: boolean }> =>
        new Promise((done) => {
          const finish = () => done({ text, closed });
          if (ready()) return finish();
          const timer = setTimeout(finish, ms);
          queue.push(() => {
            clearTimeout(timer);
            finish();
          });
        });
    const conn: Conn = {
      socket,
      received: until(() => closed, waiters),
      response: until(() => closed || complete(text), whole),
    };
  });
}

export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
export const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as unknown;
