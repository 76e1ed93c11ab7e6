/**
 * Spinners on stderr, and only where io.progress allows (a terminal, not CI).
 * ora is loaded on first use: a pipe, where lib spends most of its runs in
 * scripts, never pays for importing it.
 */
import type { Ora } from 'ora';
import type { IO } from './io.js';
import { humanSize } from './format.js';

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

/** What a bar counts: files and bytes, done out of a total known up front. */
export interface BarState {
  label: string;
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  /** ms since the epoch when work began, by the bar's clock. */
  startedAt: number;
}

export interface ProgressBar {
  /** One more file done, of `bytes` bytes (failed ones count too: they are done with). */
  tick(bytes: number): void;
  /** A line above the bar (--verbose): the bar is cleared, the line written, the bar drawn again. */
  log(line: string): void;
  /** Clears the bar. Idempotent. */
  stop(): void;
  /** Elapsed ms by the bar's clock. */
  elapsed(): number;
}

export interface BarOptions {
  label: string;
  totalFiles: number;
  totalBytes: number;
  /** The clock (tests inject one). */
  now?: () => number;
  /** Redraw period in ms; 0 draws on every tick only (tests). */
  intervalMs?: number;
}

const BAR_WIDTH = 24;

/** "1.4 s", "12 s", "3m04s": a summary's elapsed time. */
export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : shortDuration(ms);
}

/** "12s", "3m04s", "1h02m": short enough for a bar. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One line of the bar, without the carriage return: label, the bar, files,
 * bytes, rate and ETA. Rate and ETA follow bytes where there are bytes to
 * count (small files all cost about the same, big ones dominate), else files;
 * both are left out until a second has passed, when they say something.
 */
export function renderBar(s: BarState, now: number, columns = 80): string {
  const fraction =
    s.totalBytes > 0 ? Math.min(1, s.bytes / s.totalBytes) : s.totalFiles > 0 ? Math.min(1, s.files / s.totalFiles) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const parts = [s.label, bar, `${s.files}/${s.totalFiles} files`];
  if (s.totalBytes > 0) parts.push(`${humanSize(s.bytes)}/${humanSize(s.totalBytes)}`);
  const elapsed = now - s.startedAt;
  if (elapsed >= 1000 && (s.bytes > 0 || s.files > 0)) {
    const seconds = elapsed / 1000;
    if (s.totalBytes > 0) {
      const rate = s.bytes / seconds;
      parts.push(`${humanSize(Math.round(rate))}/s`);
      if (rate > 0 && s.bytes < s.totalBytes)
        parts.push(`ETA ${shortDuration(((s.totalBytes - s.bytes) / rate) * 1000)}`);
    } else {
      const rate = s.files / seconds;
      parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)} files/s`);
      if (rate > 0 && s.files < s.totalFiles)
        parts.push(`ETA ${shortDuration(((s.totalFiles - s.files) / rate) * 1000)}`);
    }
  }
  const line = parts.join('  ');
  // Never wider than the terminal: a wrapped bar cannot be redrawn in place.
  return columns > 0 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
}

/** No bar: log() is a plain line on stderr, the rest does nothing. */
const silentBar = (io: IO, now: () => number): ProgressBar => {
  const started = now();
  return { tick: () => {}, log: (line) => io.err.write(`${line}\n`), stop: () => {}, elapsed: () => now() - started };
};

/**
 * A progress bar on stderr, only where io.progress allows (a terminal, not
 * CI); elsewhere a silent one, so callers never branch. Drawn in place with a
 * carriage return and erase-line, at most every intervalMs (a 10,000-file run
 * does not write 10,000 frames).
 */
export function progressBar(io: IO, opts: BarOptions): ProgressBar {
  const now = opts.now ?? Date.now;
  if (!io.progress) return silentBar(io, now);
  const state: BarState = {
    label: opts.label,
    files: 0,
    totalFiles: opts.totalFiles,
    bytes: 0,
    totalBytes: opts.totalBytes,
    startedAt: now(),
  };
  const columns = (io.err as NodeJS.WriteStream).columns ?? io.columns ?? 80;
  let stopped = false;
  const draw = () => {
    if (!stopped) io.err.write(`\r\x1b[2K${renderBar(state, now(), columns)}`);
  };
  const interval = opts.intervalMs ?? 100;
  const timer = interval > 0 ? setInterval(draw, interval) : undefined;
  timer?.unref();
  draw();
  return {
    tick(bytes) {
      state.files++;
      state.bytes += bytes;
      if (!timer) draw();
    },
    log(line) {
      if (stopped) {
        io.err.write(`${line}\n`);
        return;
      }
      io.err.write(`\r\x1b[2K${line}\n`);
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      io.err.write('\r\x1b[2K');
    },
    elapsed: () => now() - state.startedAt,
  };
}
