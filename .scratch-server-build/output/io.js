/**
 * IO: every byte lib writes goes through one of these streams. TTY-ness is
 * known per stream, and the color decision is made once (chalk's own detection
 * ignores NO_COLOR, so we set chalk.level from our decision instead).
 */
import chalk from 'chalk';
/** clig.dev's rules: --no-color, NO_COLOR, TERM=dumb off; FORCE_COLOR on; else only on a terminal. */
export function decideColor({ env, isTTY, noColorFlag }) {
    if (noColorFlag)
        return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '')
        return false;
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false')
        return true;
    if (env.TERM === 'dumb')
        return false;
    return isTTY;
}
export function systemIO(env, noColorFlag) {
    const isStdoutTTY = Boolean(process.stdout.isTTY);
    const isStderrTTY = Boolean(process.stderr.isTTY);
    const io = {
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
    applyColor(io);
    return io;
}
export function applyColor(io) {
    chalk.level = io.color ? 3 : 0;
}
export function canPrompt(io) {
    return io.isStdinTTY && io.isStderrTTY;
}
/** Write and resolve once the stream accepted it (backpressure for big lists). */
export function write(stream, text) {
    if (!stream.write(text)) {
        return new Promise((resolve) => stream.once('drain', () => resolve()));
    }
}
//# sourceMappingURL=io.js.map