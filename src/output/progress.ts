/** Spinners on stderr, and only where io.progress allows (a terminal, not CI). */
import ora, { type Ora } from 'ora';
import type { IO } from './io.js';

export interface Spinner {
  text(text: string): void;
  stop(): void;
}

const silent: Spinner = { text: () => {}, stop: () => {} };

export function spinner(io: IO, text: string): Spinner {
  if (!io.progress) return silent;
  const s: Ora = ora({ text, stream: io.err as NodeJS.WriteStream, color: 'cyan', isEnabled: true }).start();
  return {
    text: (t) => {
      s.text = t;
    },
    stop: () => s.stop(),
  };
}

/** Wrap a promise in a spinner that always stops. */
export async function withSpinner<T>(io: IO, text: string, work: () => Promise<T>): Promise<T> {
  const s = spinner(io, text);
  try {
    return await work();
  } finally {
    s.stop();
  }
}
