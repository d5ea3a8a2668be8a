export interface BackoffOptions {
  /** The first retry waits about this long; each further one about twice as long. */
  baseMs: number;
  /** No single wait is longer than this. */
  maxMs: number;
}

/**
 * Exponential back-off with "equal jitter": between half and all of `base · 2^attempt` (capped),
 * so that callers that failed together do not come back together, and no wait is near zero.
 *
 * ```ts
 * backoffDelay(0, { baseMs: 200, maxMs: 5_000 }); // 100..200
 * backoffDelay(3, { baseMs: 200, maxMs: 5_000 }); // 800..1600
 * ```
 */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
