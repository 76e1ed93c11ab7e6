/** Spinners on stderr, and only where io.progress allows (a terminal, not CI). */
import ora from 'ora';
const silent = { text: () => { }, stop: () => { } };
export function spinner(io, text) {
    if (!io.progress)
        return silent;
    const s = ora({ text, stream: io.err, color: 'cyan', isEnabled: true }).start();
    return {
        text: (t) => {
            s.text = t;
        },
        stop: () => s.stop(),
    };
}
/** Wrap a promise in a spinner that always stops. */
export async function withSpinner(io, text, work) {
    const s = spinner(io, text);
    try {
        return await work();
    }
    finally {
        s.stop();
    }
}
//# sourceMappingURL=progress.js.map