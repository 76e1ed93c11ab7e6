/**
 * Time as lib reads and waits on it: polls (`file wait`, `--wait`, `library
 * sync --wait`) and retry backoffs go through one Clock, handed down from
 * main(). The program runs on the system's; a test hands main() a clock of
 * its own and shares it with an in-process server, so a wait of seconds takes
 * none and what it waits for still happens in order.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects at once, with the signal's reason, when `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};
