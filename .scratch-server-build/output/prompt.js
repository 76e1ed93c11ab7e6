/**
 * Questions on a terminal. Callers check canPrompt(io) first: lib never
 * prompts in a pipe (destructive verbs then require -y instead).
 */
import readline from 'node:readline';
import { CancelError } from '../errors.js';
export function terminalPrompter(io) {
    return {
        async confirm(question) {
            const rl = readline.createInterface({ input: io.in, output: io.err, terminal: true });
            try {
                const answer = await new Promise((resolve, reject) => {
                    rl.on('SIGINT', () => reject(new CancelError('cancelled')));
                    rl.on('close', () => resolve(''));
                    rl.question(`? ${question} (y/N) `, resolve);
                });
                return /^y(es)?$/i.test(answer.trim());
            }
            finally {
                rl.close();
            }
        },
        async secret(question) {
            const input = io.in;
            io.err.write(`? ${question} `);
            return new Promise((resolve, reject) => {
                let value = '';
                const wasRaw = input.isRaw;
                input.setRawMode?.(true);
                input.resume();
                input.setEncoding('utf8');
                const done = (err) => {
                    input.setRawMode?.(wasRaw ?? false);
                    input.pause();
                    input.off('data', onData);
                    io.err.write('\n');
                    if (err)
                        reject(err);
                    else
                        resolve(value);
                };
                const onData = (chunk) => {
                    for (const ch of chunk) {
                        if (ch === '\u0003')
                            return done(new CancelError('cancelled'));
                        if (ch === '\r' || ch === '\n' || ch === '\u0004')
                            return done();
                        if (ch === '\u007f' || ch === '\b')
                            value = value.slice(0, -1);
                        else
                            value += ch;
                    }
                };
                input.on('data', onData);
            });
        },
    };
}
/** Read all of stdin (for keys piped in: `lib profile add p --provider mistral < key.txt`). */
export async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
}
//# sourceMappingURL=prompt.js.map