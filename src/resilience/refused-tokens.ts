import { createHash } from 'node:crypto';
import type { Caller } from '../cronofy/credentials.js';
import { CallFailure } from './call-outcome.js';

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
 * const error = await refused.refusalOf(caller, { mayHaveApplied }); // before each attempt; throw it if set
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
   * `mayHaveApplied`: an earlier attempt of this call may have been applied.
   */
  async refusalOf(caller: Caller, { mayHaveApplied }: { mayHaveApplied: boolean }): Promise<CallFailure | undefined> {
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
    const retryAfterMs = refusal.refreshed ? Math.max(1, Math.ceil(left / 1000)) * 1000 : undefined;
    return new CallFailure({ kind: 'token-refused', serverHeld: refusal.refreshed, retryAfterMs }, { mayHaveApplied });
  }
}

function callerKey({ dataCenter, credential }: Caller): string {
  return digest(`${dataCenter}\n${credential.id}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
