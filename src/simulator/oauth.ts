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
  /** `POST /oauth/token` requests answered, refused ones included. */
  requests = 0;
  readonly #grants = new Map<string, { clientId: string; accessToken: string }>();
  readonly #secrets = new Map<string, string>();

  constructor(
    clients: OAuthClient[],
    private readonly accounts: Map<string, Account>,
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
    if (!grant || grant.clientId !== clientId) return [400, { error: 'invalid_grant' }];

    const account = this.accounts.get(grant.accessToken);
    if (!account) return [400, { error: 'invalid_grant' }];
    this.accounts.delete(grant.accessToken);
    const accessToken = `sim-access-${randomBytes(9).toString('base64url')}`;
    const refreshToken = `sim-refresh-${randomBytes(9).toString('base64url')}`;
    account.accessToken = accessToken;
    account.expired = false;
    this.accounts.set(accessToken, account);
    this.#grants.delete(String(body.refresh_token));
    this.#grants.set(refreshToken, { clientId, accessToken });
    this.issued.push(refreshToken);
    return [
      200,
      {
        token_type: 'bearer',
        access_token: accessToken,
        expires_in: 3600,
        refresh_token: refreshToken,
        scope: 'create_event delete_event',
      },
    ];
  }
}
