/**
 * Raw sockets to `lib serve`, for what a well-behaved HTTP client never does:
 * stall, drip, hold connections open, send oversized headers.
 */
import net from 'node:net';

export interface Conn {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection (or after `ms`). */
  received(ms?: number): Promise<{ text: string; closed: boolean }>;
}

export function rawConnect(port: number, localAddress = '127.0.0.1'): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress }, () => resolve(conn));
    let text = '';
    let closed = false;
    const waiters: (() => void)[] = [];
    socket.on('data', (c) => (text += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      waiters.splice(0).forEach((w) => w());
    });
    socket.once('error', reject);
    const conn: Conn = {
      socket,
      received: (ms = 15_000) =>
        new Promise((done) => {
          const finish = () => done({ text, closed });
          if (closed) return finish();
          const timer = setTimeout(finish, ms);
          waiters.push(() => {
            clearTimeout(timer);
            finish();
          });
        }),
    };
  });
}

export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
export const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as unknown;
