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
  /** The call may have been applied although no answer says so (a timeout, a reset, a 5xx). */
  readonly uncertain: boolean;

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    details: { status?: number | undefined; retryAfterMs?: number | undefined; uncertain?: boolean } = {},
  ) {
    super(message);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.uncertain = details.uncertain ?? false;
  }

  static fromStatus(status: number, retryAfterMs?: number): UpstreamError {
    const known = BY_STATUS[status];
    if (known) return new UpstreamError(known[0], known[1], { status, retryAfterMs });
    if (status >= 500) {
      return new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        `Cronofy answered ${status}: a fault on Cronofy's side; the writes may or may not have been applied. Try again later.`,
        {
          status,
          retryAfterMs,
          uncertain: true,
        },
      );
    }
    return new UpstreamError('UPSTREAM_ERROR', `Cronofy refused the batch call with status ${status}.`, { status });
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

const BY_STATUS: Record<number, [UpstreamErrorCode, string]> = {
  401: ['UNAUTHENTICATED', 'Cronofy did not recognise the access token (401): it is wrong or has expired; refresh it and try again.'],
  402: ['PLAN_REQUIRED', "Cronofy answered 402: the application's plan does not include this feature."],
  403: ['FORBIDDEN', 'Cronofy answered 403: the access token lacks the scope or privilege for this write.'],
  423: [
    'PROVIDER_CREDENTIALS_INVALID',
    'Cronofy answered 423: it holds no valid credentials for the calendar provider; the user must re-authorise.',
  ],
  429: ['RATE_LIMITED', 'Cronofy answered 429: the rate limit is exceeded; try again later.'],
};
