import type { DataCenterId } from './data-centers.js';
import { UpstreamError } from './errors.js';

/** Whose calendar a write goes to: entries of different callers never share a call. */
export interface Caller {
  dataCenter: DataCenterId;
  credential: Credential;
}

/**
 * Whose Cronofy account a write goes to, and the token to send for it. A caller's own bearer token
 * is used as it is; server-held credentials can also be refreshed after a 401.
 */
export interface Credential {
  /** Keeps writes of different accounts apart: they never share a call. Never logged or shown. */
  readonly id: string;
  accessToken(): Promise<string>;
  /**
   * After Cronofy answered 401 for `rejected`: a token to retry with, or `null` when this
   * credential cannot be refreshed (a caller's own token: the caller must refresh it).
   */
  refresh(rejected: string): Promise<string | null>;
}

/** A caller's `Authorization: Bearer` token, forwarded as it is. */
export function bearerToken(token: string): Credential {
  const value = Promise.resolve(token);
  return { id: `bearer ${token}`, accessToken: () => value, refresh: async () => null };
}

export interface RefreshGrant {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface RefreshedTokens {
  accessToken: string;
  /** The rotated refresh token, or the one sent if Cronofy did not rotate it. */
  refreshToken: string;
  /** How long the access token works, from Cronofy's `expires_in`, if it said. */
  expiresInMs?: number | undefined;
}

export interface TokenRefresher {
  /** `POST /oauth/token`; resolves to the new access token and the (possibly rotated) refresh token. */
  refreshToken(grant: RefreshGrant): Promise<RefreshedTokens>;
}

/** How long a refresh token Cronofy refused (invalid_grant, invalid_client) is not sent again. */
export const REFUSED_GRANT_PAUSE_MS = 60_000;

/**
 * The server's own Cronofy credentials (`CRONOFY_CLIENT_ID`, `CRONOFY_CLIENT_SECRET`,
 * `CRONOFY_REFRESH_TOKEN`, optionally `CRONOFY_ACCESS_TOKEN`), for a backend that owns one
 * account. However many calls get a 401 at once, one refresh is in flight; the rotated refresh
 * token replaces the old one.
 *
 * ```ts
 * const server = new ServerCredentials(grant, client, process.env.CRONOFY_ACCESS_TOKEN);
 * const token = await server.accessToken(); // refreshes first when no access token was given
 * ```
 */
export class ServerCredentials implements Credential {
  readonly id = 'server-held';
  #accessToken: Promise<string> | undefined;
  #refreshToken: string;
  #refused: { error: UpstreamError; until: number } | undefined;

  constructor(
    private readonly grant: Omit<RefreshGrant, 'refreshToken'> & { refreshToken: string },
    private readonly refresher: TokenRefresher,
    accessToken?: string,
  ) {
    this.#refreshToken = grant.refreshToken;
    if (accessToken) this.#accessToken = Promise.resolve(accessToken);
  }

  accessToken(): Promise<string> {
    if (this.#refused && Date.now() < this.#refused.until) return Promise.reject(this.#refused.error);
    this.#accessToken ??= this.#refresh();
    return this.#accessToken;
  }

  async refresh(rejected: string): Promise<string> {
    if (this.#refused && Date.now() < this.#refused.until) throw this.#refused.error;
    const current = this.#accessToken;
    if (current) {
      const token = await current.catch(() => undefined);
      // Another call refreshed since `rejected` was handed out: use its token.
      if (token !== undefined && token !== rejected) return token;
      // A refresh started while this call waited: share it.
      if (this.#accessToken !== current) return this.accessToken();
    }
    this.#accessToken = this.#refresh();
    return this.#accessToken;
  }

  async #refresh(): Promise<string> {
    try {
      const answer = await this.refresher.refreshToken({ ...this.grant, refreshToken: this.#refreshToken });
      this.#refreshToken = answer.refreshToken;
      return answer.accessToken;
    } catch (error) {
      // The next call tries again rather than reusing a failed refresh forever.
      this.#accessToken = undefined;
      // A refused grant stays refused: the writes queued behind this one fail at once instead of
      // each asking Cronofy again, and one try goes through after the pause.
      if (error instanceof UpstreamError && error.status === 400) this.#refused = { error, until: Date.now() + REFUSED_GRANT_PAUSE_MS };
      throw error instanceof UpstreamError
        ? error
        : new UpstreamError('UPSTREAM_UNAVAILABLE', 'The server could not refresh its Cronofy access token.');
    }
  }
}
