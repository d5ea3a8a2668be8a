import { createHash } from 'node:crypto';
import type { Caller } from '../cronofy/credentials.js';
import { UpstreamError } from '../cronofy/errors.js';

export interface RefusedTokensOptions {
  /** How long a refusal answers calls of its caller without sending them. */
  ttlMs: number;
  /** Callers remembered at once; the oldest refusal is forgotten first. */
  maxCallers: number;
  now?: () => number;
}

interface Refusal {
  /** sha256 of the token Cronofy refused: a caller whose token changed since (a refresh) is not refused. */
  token: string;
  until: number;
  /** The token was refused after the credential's one refresh (server-held), not a caller's own one. */
  refreshed: boolean;
}

/**
 * The callers (credential + data center) whose access token Cronofy answered with a final 401:
 * no refresh for a caller's own token, or a second 401 right after the one refresh of server-held
 * credentials. Until `ttlMs` has passed, each further call of that caller with that token is
 * answered here, with UNAUTHENTICATED, and nothing is sent: calls chained behind a same-resource
 * call, waiting out a rate-limit pause or a back-off, and calls of later requests alike. Calls
 * that were already on the wire when the 401 came get Cronofy's own answers.
 *
 * Holds no token: callers and tokens are kept as sha256 digests, at most `maxCallers` of them.
 *
 * ```ts
 * const refused = new RefusedTokens({ ttlMs: 60_000, maxCallers: 10_000 });
 * refused.refuse(caller, token, { refreshed: false });       // after the final 401
 * const error = await refused.refusalOf(caller, { replayed }); // before each attempt; throw it if set
 * ```
 */
export class RefusedTokens {
  /** By caller digest, oldest refusal first (a refusal is re-inserted when renewed). */
  readonly #refusals = new Map<string, Refusal>();
  readonly #now: () => number;

  constructor(private readonly options: RefusedTokensOptions) {
    if (!(options.ttlMs > 0) || !Number.isFinite(options.ttlMs) || !Number.isInteger(options.maxCallers) || options.maxCallers < 1) {
      throw new RangeError(
        `RefusedTokens: ttlMs must be a finite number above 0 and maxCallers a whole number of at least 1; got ${options.ttlMs} and ${options.maxCallers}.`,
      );
    }
    this.#now = options.now ?? Date.now;
  }

  /** Callers refused now (expired ones may still count until they are looked up or pushed out). */
  get size(): number {
    return this.#refusals.size;
  }

  refuse(caller: Caller, token: string, { refreshed }: { refreshed: boolean }): void {
    const key = callerKey(caller);
    const now = this.#now();
    this.#refusals.delete(key);
    this.#refusals.set(key, { token: digest(token), until: now + this.options.ttlMs, refreshed });
    for (const [oldest, refusal] of this.#refusals) {
      if (refusal.until > now && this.#refusals.size <= this.options.maxCallers) break;
      this.#refusals.delete(oldest);
    }
  }

  /**
   * The error to answer instead of sending a call of `caller`, when Cronofy refused the token it
   * would go with; `undefined` otherwise. Asks the credential for its token only while a refusal
   * of this caller is held, so a caller never refused is not slowed down (nor a refresh started).
   * `replayed`: an earlier attempt of this call may have been applied.
   */
  async refusalOf(caller: Caller, { replayed }: { replayed: boolean }): Promise<UpstreamError | undefined> {
    if (this.#refusals.size === 0) return undefined;
    const key = callerKey(caller);
    const refusal = this.#refusals.get(key);
    if (refusal === undefined) return undefined;
    const left = refusal.until - this.#now();
    if (left <= 0) {
      this.#refusals.delete(key);
      return undefined;
    }
    if (digest(await caller.credential.accessToken()) !== refusal.token) return undefined;
    return refusedError(refusal, left, replayed);
  }
}

function refusedError(refusal: Refusal, leftMs: number, replayed: boolean): UpstreamError {
  const sent = replayed
    ? 'this retry was not sent, but an earlier attempt of this call may have been applied'
    : 'this write was not sent and nothing of it was applied';
  if (!refusal.refreshed) {
    return new UpstreamError(
      'UNAUTHENTICATED',
      `Cronofy refused this access token (401) for an earlier write, so ${sent}. Send it again with a fresh access token.`,
      { uncertain: replayed },
    );
  }
  const seconds = Math.max(1, Math.ceil(leftMs / 1000));
  return new UpstreamError(
    'UNAUTHENTICATED',
    `Cronofy refused the server's access token (401) for an earlier write, even right after refreshing it, so ${sent}. ` +
      `Check the server's Cronofy credentials; writes with them are answered this way for ${seconds} s more, then the server refreshes again.`,
    { retryAfterMs: seconds * 1000, uncertain: replayed },
  );
}

function callerKey({ dataCenter, credential }: Caller): string {
  return digest(`${dataCenter}\n${credential.id}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
