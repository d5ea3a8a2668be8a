import { describeStatus } from './statuses.js';

/**
 * A failure of a whole `POST /v1/batch` call: no entry of that call has a result of its own.
 * `code` is the stable `extensions.code` every field of the call receives.
 */
export class UpstreamError extends Error {
  override name = 'UpstreamError';

  /** The HTTP status of the call, where there was one. */
  readonly status: number | undefined;
  /** How long Cronofy asked to wait (`Retry-After`), or the layer's own estimate. */
  readonly retryAfterMs: number | undefined;
  /** The call was sent and no answer came back (a timeout, a reset): Cronofy may or may not have had it. */
  readonly unanswered: boolean;

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    details: { status?: number | undefined; retryAfterMs?: number | undefined; unanswered?: boolean } = {},
  ) {
    super(message);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.unanswered = details.unanswered ?? false;
  }

  static fromStatus(status: number, retryAfterMs?: number): UpstreamError {
    const code = BY_STATUS[status] ?? (status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_ERROR');
    return new UpstreamError(code, describeStatus(status, 'the writes of this call'), { status, retryAfterMs });
  }

  /** Cronofy answered, but not in a shape its results can be read from: `what` says how. */
  static unreadable(what: string): UpstreamError {
    return new UpstreamError(
      'UPSTREAM_PROTOCOL_ERROR',
      `Cronofy's batch answer could not be read: ${what}. No field was given a result from it; the writes may or may not have been applied.`,
    );
  }

  /** Worth sending again: a rate limit, or a fault that may pass (5xx, network, timeout). */
  get transient(): boolean {
    return this.code === 'RATE_LIMITED' || this.code === 'UPSTREAM_UNAVAILABLE';
  }
}

export type UpstreamErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PLAN_REQUIRED'
  | 'PROVIDER_CREDENTIALS_INVALID'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_PROTOCOL_ERROR'
  | 'UPSTREAM_ERROR';

const BY_STATUS: Record<number, UpstreamErrorCode> = {
  401: 'UNAUTHENTICATED',
  402: 'PLAN_REQUIRED',
  403: 'FORBIDDEN',
  423: 'PROVIDER_CREDENTIALS_INVALID',
  429: 'RATE_LIMITED',
};
