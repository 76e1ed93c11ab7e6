/**
 * Spinners on stderr, and only where io.progress allows (a terminal, not CI).
 * ora is loaded on first use: a pipe, where lib spends most of its runs in
 * scripts, never pays for importing it.
 */
import type { Ora } from 'ora';
import type { IO } from './io.js';

export interface Spinner {
  text(text: string): void;
  stop(): void;
}

const silent: Spinner = { text: () => {}, stop: () => {} };

export function spinner(io: IO, text: string): Spinner {
  if (!io.progress) return silent;
  let current = text;
  let stopped = false;
  let s: Ora | undefined;
  void import('ora')
    .then(({ default: ora }) => {
      if (stopped) return;
      // discardStdin off: ora's discarder puts the terminal in raw mode and then never reads
      // stdin, so Ctrl-C during a spinner was swallowed instead of interrupting lib.
      s = ora({
        text: current,
        stream: io.err as NodeJS.WriteStream,
        color: 'cyan',
        isEnabled: true,
        discardStdin: false,
      }).start();
    })
    .catch(() => {
      // No spinner is better than a failed command.
    });
  return {
    text: (t) => {
      current = t;
      if (s) s.text = t;
    },
    stop: () => {
      stopped = true;
      s?.stop();
    },
  };
}
