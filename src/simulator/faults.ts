/**
 * Faults the simulator can be told to produce on a `POST /v1/batch` call, so that every failure
 * the layer must survive is driven over real HTTP. A fault says whether the entries were applied,
 * because that is what decides whether a retry is a replay.
 *
 * ```ts
 * simulator.injectFaults({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'entries', statuses: { 2: 503 } });
 * // the next call is refused with 429; the one after answers 503 for its third entry only
 * ```
 */
export type Fault =
  /** The whole call is refused with this status; nothing is applied. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** The connection is destroyed: before anything is applied, or after the entries were applied. */
  | { kind: 'reset'; applied: boolean }
  /** The answer comes this late (the entries are applied at once): a client timeout stands for a lost answer. */
  | { kind: 'delay'; ms: number }
  /** The entries are applied, then the answer is cut short, is not JSON, or has one result too few. */
  | { kind: 'truncated' }
  | { kind: 'malformed' }
  | { kind: 'wrong-length' }
  /** These entries (by index in the call) answer with a status of their own and are not applied. */
  | { kind: 'entries'; statuses: Record<number, number>; retryAfter?: string };

/** Picks the fault for a call, for tests that decide per call (e.g. at random). */
export type FaultPlan = (call: { index: number; accessToken: string; entries: unknown[] }) => Fault | undefined;
