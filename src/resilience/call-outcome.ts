import type { EntryResult } from '../cronofy/batch.js';
import { UpstreamError } from '../cronofy/errors.js';

/**
 * What the resilience layer says of a write besides Cronofy's answer, whether its call was
 * answered (`Answer`) or failed (`CallFailure`).
 */
export interface CallOutcome {
  /**
   * An attempt of this write was sent and had no definite answer (a timeout, a reset, a 5xx, an
   * answer that could not be read): Cronofy may have applied it, whatever a later attempt
   * answered. A 404 or 422 after such an attempt may only mean that the first one worked.
   */
  readonly mayHaveApplied?: boolean;
}

/** One entry's answer as the upstream hands it on: Cronofy's, paired with its entry by position. */
export interface Answer extends EntryResult, CallOutcome {}

/** How a call ended without an answer for its entries; the schema words each kind. */
export type Ending =
  /** Cronofy's final answer to the call, or why its next attempt could not be sent (an open circuit, no access token). */
  | { kind: 'failed'; error: UpstreamError }
  /** Cronofy refused the caller's access token for an earlier write, so this call was not sent. */
  | { kind: 'token-refused'; serverHeld: boolean; retryAfterMs: number | undefined }
  /** No slot of the call budget, or only 429s, within the call's deadline. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** 5xx, resets or timeouts until the call's retries or its deadline ran out; `error` is the last one. */
  | { kind: 'unavailable'; error: UpstreamError };

/**
 * A call that ended without answers for its entries: every write it carried fails with it. Its
 * code, status and wait are those of its ending; the message a caller reads is built from its
 * fields where the GraphQL error is made (`failureMessage` in src/schema/errors.ts).
 *
 * ```ts
 * throw new CallFailure({ kind: 'rate-limited', retryAfterMs: 2_000 }, { mayHaveApplied: false, retries: 3 });
 * ```
 */
export class CallFailure extends UpstreamError implements CallOutcome {
  override name = 'CallFailure';
  readonly mayHaveApplied: boolean;
  /** Retries the call made before it gave up (`rate-limited`, `unavailable`); 0 for the other endings. */
  readonly retries: number;

  constructor(
    readonly ending: Ending,
    { mayHaveApplied, retries = 0 }: { mayHaveApplied: boolean; retries?: number },
  ) {
    super(...codeOf(ending));
    this.mayHaveApplied = mayHaveApplied;
    this.retries = retries;
  }
}

/**
 * Whether a failed attempt may have applied its call: it was sent and had no answer (a timeout, a
 * reset), or Cronofy answered it 5xx. A call's whole-call faults, never a token refresh's.
 */
export function attemptMayHaveApplied(error: UpstreamError): boolean {
  return error.unanswered || (error.status ?? 0) >= 500;
}

function codeOf(ending: Ending): ConstructorParameters<typeof UpstreamError> {
  switch (ending.kind) {
    case 'failed':
      return [ending.error.code, ending.error.message, { status: ending.error.status, retryAfterMs: ending.error.retryAfterMs }];
    case 'token-refused':
      return ['UNAUTHENTICATED', 'Cronofy refused the access token (401) for an earlier write.', { retryAfterMs: ending.retryAfterMs }];
    case 'rate-limited':
      return [
        'RATE_LIMITED',
        "Cronofy's rate limit for this application is exhausted (429).",
        { status: 429, retryAfterMs: ending.retryAfterMs },
      ];
    case 'unavailable':
      return ['UPSTREAM_UNAVAILABLE', ending.error.message, { status: ending.error.status }];
  }
}
