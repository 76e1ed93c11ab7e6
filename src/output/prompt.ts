/**
 * Questions on a terminal. Callers check canPrompt(io) first: lib never
 * prompts in a pipe (destructive verbs then require -y instead).
 */
import { CancelError } from '../errors.js';
import type { IO } from './io.js';

export interface Prompter {
  confirm(question: string): Promise<boolean>;
  /** Hidden input, for keys. */
  secret(question: string): Promise<string>;
}

export function terminalPrompter(io: IO): Prompter {
  return {
    async confirm(question) {
      // Loaded here, not at start-up: most runs never ask anything.
      const { default: readline } = await import('node:readline');
      const rl = readline.createInterface({ input: io.in, output: io.err, terminal: true });
      try {
        const answer = await new Promise<string>((resolve, reject) => {
          rl.on('SIGINT', () => {
            io.err.write('\n'); // end the prompt's line: "lib: cancelled" starts on its own
            reject(new CancelError('cancelled'));
          });
          rl.on('close', () => resolve(''));
          rl.question(`? ${question} (y/N) `, resolve);
        });
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    async secret(question) {
      const input = io.in as NodeJS.ReadStream;
      return new Promise<string>((resolve, reject) => {
        let value = '';
        const wasRaw = input.isRaw;
        // Echo off before the question shows: a key typed or pasted the moment the
        // prompt appears must never be echoed to the screen.
        input.setRawMode?.(true);
        input.resume();
        input.setEncoding('utf8');
        io.err.write(`? ${question} `);
        const done = (err?: Error) => {
          input.setRawMode?.(wasRaw ?? false);
          input.pause();
          input.off('data', onData);
          io.err.write('\n');
          if (err) reject(err);
          else resolve(value);
        };
        const onData = (chunk: string) => {
          for (const ch of chunk) {
            if (ch === '\u0003') return done(new CancelError('cancelled'));
            if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
            if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
            else value += ch;
          }
        };
        input.on('data', onData);
      });
    },
  };
}

/** Read all of stdin (for keys piped in: `lib profile add p --provider mistral < key.txt`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
