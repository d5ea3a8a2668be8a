import { randomBytes } from 'node:crypto';
import type { Account } from './accounts.js';

/** An application registered with the simulator, able to refresh its users' tokens. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Refresh tokens this client may use, each for the account holding `accessToken`. */
  refreshTokens: Array<{ refreshToken: string; accessToken: string }>;
}

type Answer = [status: number, body: unknown];

/**
 * Cronofy's `POST /oauth/token` with `grant_type: "refresh_token"`: a new access token for the
 * account, and a rotated refresh token (the old one stops working, as Cronofy may do on every use).
 */
export class OAuthServer {
  /** Refresh tokens handed out, oldest first. */
  readonly issued: string[] = [];
  /** When each of `issued` was handed out (epoch ms), in the same order. */
  readonly issuedAt: number[] = [];
  /** `POST /oauth/token` requests answered, refused ones included. */
  requests = 0;
  /** Requests refused with `invalid_grant`: a refresh token unknown, revoked or already used. */
  invalidGrants = 0;
  readonly #grants = new Map<string, { clientId: string; accessToken: string }>();
  readonly #secrets = new Map<string, string>();

  /**
   * `accessTokenTtlMs`: how long an access token issued here works before calls with it get 401
   * (and what `expires_in` says, in whole seconds); without it tokens work until refreshed.
   */
  constructor(
    clients: OAuthClient[],
    private readonly accounts: Map<string, Account>,
    private readonly options: { accessTokenTtlMs?: number | undefined } = {},
  ) {
    for (const client of clients) {
      this.#secrets.set(client.clientId, client.clientSecret);
      for (const grant of client.refreshTokens) this.#grants.set(grant.refreshToken, { clientId: client.clientId, ...grant });
    }
  }

  token(raw: string): Answer {
    this.requests++;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return [400, { error: 'invalid_request' }];
    }
    if (body.grant_type !== 'refresh_token') return [400, { error: 'unsupported_grant_type' }];
    const clientId = String(body.client_id);
    if (this.#secrets.get(clientId) !== body.client_secret) return [400, { error: 'invalid_client' }];
    const grant = this.#grants.get(String(body.refresh_token));
    const account = grant && grant.clientId === clientId ? this.accounts.get(grant.accessToken) : undefined;
    if (!grant || !account) {
      this.invalidGrants++;
      return [400, { error: 'invalid_grant' }];
    }
    this.accounts.delete(grant.accessToken);
    const accessToken = `sim-access-${randomBytes(9).toString('base64url')}`;
    const refreshToken = `sim-refresh-${randomBytes(9).toString('base64url')}`;
    account.accessToken = accessToken;
    account.expired = false;
    const ttlMs = this.options.accessTokenTtlMs;
    account.expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
    this.accounts.set(accessToken, account);
    this.#grants.delete(String(body.refresh_token));
    this.#grants.set(refreshToken, { clientId, accessToken });
    this.issued.push(refreshToken);
    this.issuedAt.push(Date.now());
    return [
      200,
      {
        token_type: 'bearer',
        access_token: accessToken,
        expires_in: ttlMs === undefined ? 3600 : Math.floor(ttlMs / 1000),
        refresh_token: refreshToken,
        scope: 'create_event delete_event',
      },
    ];
  }
}
