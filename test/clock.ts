/**
 * A clock for lib and an in-process server to share: it moves only when lib
 * sleeps on it (a poll's interval, a retry's backoff) or the test moves it, so
 * `--wait` over seconds of processing takes none, and the server's processing
 * states still come in order. Each reading is a millisecond after the one
 * before, as on a real clock things done one after another never share a
 * timestamp (hal's `library sync --wait` waits for syncedAt to move). A run on
 * it stays in-process (runLib with `clock`): another process cannot read it.
 */
import type { Clock } from '../src/clock.js';

export class TestClock implements Clock {
  private t: number;
  /** Every sleep asked of the clock, in ms, in order. */
  readonly slept: number[] = [];

  constructor(start = Date.now()) {
    this.t = start;
  }

  now = (): number => this.t++;

  /** Moves the clock by `ms`, then lets pending I/O and timers of the process run once before resolving. */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.slept.push(ms);
    this.t += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  };

  advance(ms: number): void {
    this.t += ms;
  }
}
