/**
 * IO: every byte lib writes goes through one of these streams. TTY-ness is
 * known per stream, and the color decision is made once, here (the renderers
 * style from io.color, see output/render.ts).
 */

export interface IO {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  in: NodeJS.ReadableStream;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  isStdinTTY: boolean;
  /** Colors on stdout/stderr. */
  color: boolean;
  /** Spinners and progress bars: stderr is a terminal and CI is not set. */
  progress: boolean;
  /** Terminal width for tables; 0 when unknown. */
  columns: number;
}

export interface ColorInputs {
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  noColorFlag: boolean;
}

/**
 * clig.dev's rules: --no-color, NO_COLOR, TERM=dumb off; FORCE_COLOR on (and, as
 * in chalk, FORCE_COLOR=0 or false off); else only on a terminal.
 */
export function decideColor({ env, isTTY, noColorFlag }: ColorInputs): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function systemIO(env: NodeJS.ProcessEnv, noColorFlag: boolean): IO {
  const isStdoutTTY = Boolean(process.stdout.isTTY);
  const isStderrTTY = Boolean(process.stderr.isTTY);
  const io: IO = {
    out: process.stdout,
    err: process.stderr,
    in: process.stdin,
    isStdoutTTY,
    isStderrTTY,
    isStdinTTY: Boolean(process.stdin.isTTY),
    color: decideColor({ env, isTTY: isStdoutTTY, noColorFlag }),
    progress: isStderrTTY && !env.CI && env.TERM !== 'dumb',
    columns: process.stdout.columns ?? 0,
  };
  return io;
}

export function canPrompt(io: IO): boolean {
  return io.isStdinTTY && io.isStderrTTY;
}

/** Write and resolve once the stream accepted it (backpressure for big lists). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (!stream.write(text)) {
    return new Promise((resolve) => stream.once('drain', () => resolve()));
  }
}
