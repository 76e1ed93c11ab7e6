/**
 * Faults in a fixed order instead of at random rates, for the fault tests:
 * `lib serve` draws once per request (startServer's `random`), and this draw
 * makes the n-th request that draws get the n-th fault of the sequence ('.' for
 * none), and every request after the sequence none. So a test knows each kind
 * is hit and how often (dealt), and can keep the faults few enough that no
 * request can run out of retries, whichever requests the faults land on: a run
 * that fails is a bug, not bad luck.
 */
import { FAULT_KINDS, type FaultKind, type FaultSpec } from '../src/server/faults.js';

export type Step = FaultKind | '.';

export interface FaultSequence {
  /** The rates to start the server with: an equal share for each kind in the sequence. */
  spec: FaultSpec;
  /** The server's draw. */
  random: () => number;
  /** The faults handed out so far, by kind (all phases). */
  dealt(): Partial<Record<FaultKind, number>>;
  /** How many requests drew so far, since the start or the last next(). */
  draws(): number;
  /** From the next request on, these steps (the kinds among those the sequence started with). */
  next(steps: string | readonly Step[]): void;
}

function parse(steps: string | readonly Step[]): Step[] {
  const seq = (typeof steps === 'string' ? steps.split(/\s+/).filter(Boolean) : [...steps]) as Step[];
  for (const s of seq) {
    if (s !== '.' && !(FAULT_KINDS as readonly string[]).includes(s)) throw new Error(`not a fault kind: ${s}`);
  }
  return seq;
}

/**
 * `faultSequence('429 . . 503 . reset')`, or the steps as an array; `more` adds kinds
 * that only a later next() deals.
 */
export function faultSequence(steps: string | readonly Step[], more: readonly FaultKind[] = []): FaultSequence {
  let seq = parse(steps);
  // pickFault lays the kinds end to end on [0, 1) in FAULT_KINDS order; what is left is no fault.
  const kinds = FAULT_KINDS.filter((k) => seq.includes(k) || more.includes(k));
  const share = 1 / (kinds.length + 1);
  const spec: FaultSpec = Object.fromEntries(kinds.map((k) => [k, share]));
  const drawFor = (s: Step): number => (s === '.' ? 1 - share / 2 : (kinds.indexOf(s) + 0.5) * share);
  const dealt: Partial<Record<FaultKind, number>> = {};
  let n = 0;
  return {
    spec,
    random() {
      const s = seq[n++] ?? '.';
      if (s !== '.') dealt[s] = (dealt[s] ?? 0) + 1;
      return drawFor(s);
    },
    dealt: () => ({ ...dealt }),
    draws: () => n,
    next(later) {
      const steps = parse(later);
      const unknown = steps.filter((s) => s !== '.' && !kinds.includes(s));
      if (unknown.length) throw new Error(`the server was started without ${unknown.join(', ')}`);
      seq = steps;
      n = 0;
    },
  };
}

/** The kinds of a sequence, counted: what dealt() says once it is spent. */
export function countKinds(steps: string): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const s of steps.split(/\s+/).filter((x) => x && x !== '.'))
    counts[s as FaultKind] = (counts[s as FaultKind] ?? 0) + 1;
  return counts;
}
