/**
 * Fault injection, so clients can be tested against what real networks do.
 * A fault is decided before a request does any work (before auth, before its
 * body is read). Every kind but one then has no effect at all: a client that
 * retries it cannot create a duplicate, and one that gives up loses nothing.
 * The exception is `lost`: the request is carried out and the connection then
 * dropped before the answer, as when a network fails after the server acted,
 * so a client that blindly repeats a create makes a second one.
 *
 * Two triggers: random rates for the whole server (`--faults
 * 429=0.1,503=0.05,reset=0.02`) and the `x-lib-fault` request header for
 * deterministic tests (`x-lib-fault: 503`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '../errors.js';
import { drain, Problem, sendJson } from './http.js';

export const FAULT_KINDS = ['429', '500', '502', '503', '504', 'reset', 'lost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Probabilities per request, each in [0, 1], summing to at most 1. */
export type FaultSpec = Partial<Record<FaultKind, number>>;

export const FAULT_HEADER = 'x-lib-fault';

const isKind = (s: string): s is FaultKind => (FAULT_KINDS as readonly string[]).includes(s);

/** Parses "429=0.1,503=0.05,reset=0.02"; anything else is a UsageError naming the bad part. */
export function parseFaults(spec: string): FaultSpec {
  const out: FaultSpec = {};
  const expected = `expected KIND=RATE[,KIND=RATE...] with KIND one of ${FAULT_KINDS.join(', ')} and RATE between 0 and 1`;
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError(`invalid --faults "${spec}": ${expected}`);
  for (const part of parts) {
    const [kind, rate, extra] = part.split('=').map((s) => s.trim());
    const value = rate === undefined || rate === '' ? NaN : Number(rate);
    if (extra !== undefined || !kind || !isKind(kind) || !(value >= 0 && value <= 1)) {
      throw new UsageError(`invalid --faults "${part}": ${expected}`);
    }
    if (out[kind] !== undefined) throw new UsageError(`--faults gives ${kind} twice`);
    out[kind] = value;
  }
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9) throw new UsageError(`invalid --faults "${spec}": the rates add up to ${total}, more than 1`);
  return out;
}

/**
 * The fault for this request, if any: the header wins over the rates. An
 * unknown header value is a 400 (thrown, in the dialect's shape), so a typo in a test fails loudly
 * instead of silently testing nothing.
 */
export function pickFault(
  req: IncomingMessage,
  spec: FaultSpec | undefined,
  random: () => number,
): FaultKind | undefined {
  const header = req.headers[FAULT_HEADER];
  if (typeof header === 'string' && header.trim() !== '') {
    const kind = header.trim().toLowerCase();
    if (!isKind(kind))
      throw new Problem(400, `invalid ${FAULT_HEADER} "${header}": use one of ${FAULT_KINDS.join(', ')}`);
    return kind;
  }
  if (!spec) return undefined;
  // One draw per request, the kinds laid end to end on [0, 1).
  let x = random();
  for (const kind of FAULT_KINDS) {
    const rate = spec[kind] ?? 0;
    if (x < rate) return kind;
    x -= rate;
  }
  return undefined;
}

const MESSAGES: Record<Exclude<FaultKind, 'reset' | 'lost'>, string> = {
  '429': 'Requests rate limit exceeded',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
};

/**
 * Acts the fault out. A reset destroys the socket at once, mid-upload or not,
 * as a dropped connection would. A status waits for the request body first
 * (see drain) and says Retry-After: 0 so tests stay fast.
 */
export async function actFault(
  kind: Exclude<FaultKind, 'lost'>,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: { contentType: string; error(status: number, message: string): { body: unknown } },
): Promise<void> {
  if (kind === 'reset') {
    req.socket.destroy();
    return;
  }
  const drained = await drain(req);
  const headers: Record<string, string> = { 'retry-after': '0' };
  if (!drained) headers.connection = 'close';
  // In the shape the dialect's clients parse, so a fault is what their vendor would send.
  const body = dialect.error(Number(kind), `${MESSAGES[kind]} (injected fault)`).body;
  sendJson(res, Number(kind), body, headers, dialect.contentType);
}
