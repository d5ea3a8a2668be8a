import { Agent, type Dispatcher, request } from 'undici';
import { type BatchEntry, checkAnswerCount, type EntryResult } from './batch.js';
import type { RefreshedTokens, RefreshGrant, TokenRefresher } from './credentials.js';
import { DATA_CENTERS, type DataCenterId } from './data-centers.js';
import { UpstreamError } from './errors.js';
import { type Exchanged, exchange } from './exchange.js';
import { parseRetryAfter } from './retry-after.js';

export interface CronofyClientOptions {
  /**
   * Replaces every data center's `https://host` origin, e.g. the simulator's `http://127.0.0.1:3100`.
   * Calls then carry a `Cronofy-Data-Center` header naming the data center they were meant for.
   */
  baseUrl?: string | undefined;
  /** Bound on one call, from connect to the last byte. */
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

/** Anything that can carry one batch call: the real client, or a test double for faults HTTP cannot produce. */
export interface BatchSender {
  send(dataCenter: DataCenterId, accessToken: string, entries: readonly BatchEntry[], timeoutMs?: number): Promise<EntryResult[]>;
}

/**
 * Sends `POST /v1/batch` over a keep-alive undici Agent and checks the answer's shape before
 * anything is handed back: results are paired with entries by position, so an answer of the
 * wrong length or shape fails the whole call instead of shifting results onto other fields.
 *
 * ```ts
 * const client = new CronofyClient({ timeoutMs: 10_000 });
 * const results = await client.send('uk', token, [{ method: 'DELETE', relative_url: '/v1/calendars/cal_1/events', data: { event_id: 'e1' } }]);
 * ```
 */
export class CronofyClient implements BatchSender, TokenRefresher {
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #batchEndpoints = new Map<DataCenterId, { origin: string; path: string }>();

  constructor(private readonly options: CronofyClientOptions) {
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  }

  origin(dataCenter: DataCenterId): string {
    return this.options.baseUrl ?? `https://${DATA_CENTERS[dataCenter]}`;
  }

  /** Where `POST /v1/batch` goes for `dataCenter`, as `dispatch` takes it (a base URL may carry a path of its own). */
  #batchEndpoint(dataCenter: DataCenterId): { origin: string; path: string } {
    let endpoint = this.#batchEndpoints.get(dataCenter);
    if (!endpoint) {
      const url = new URL(`${this.origin(dataCenter)}/v1/batch`);
      endpoint = { origin: url.origin, path: `${url.pathname}${url.search}` };
      this.#batchEndpoints.set(dataCenter, endpoint);
    }
    return endpoint;
  }

  /** One attempt, no retries: `timeoutMs` (default: the client's) bounds it from connect to the last byte. */
  async send(
    dataCenter: DataCenterId,
    accessToken: string,
    entries: readonly BatchEntry[],
    timeoutMs = this.options.timeoutMs,
  ): Promise<EntryResult[]> {
    let response: Exchanged;
    try {
      response = await exchange(
        this.#dispatcher,
        {
          ...this.#batchEndpoint(dataCenter),
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json; charset=utf-8',
            accept: 'application/json',
            // One origin stands in for all six hosts: say which one was meant, so a proxy (or the
            // simulator) can route the call and never mixes tokens of different data centers.
            ...(this.options.baseUrl !== undefined && { 'cronofy-data-center': dataCenter }),
          },
          body: JSON.stringify({ batch: entries }),
        },
        timeoutMs,
      );
    } catch (error) {
      throw unreachable(error, timeoutMs);
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      // The body of a refused call is not shown to callers: it may echo what was sent.
      throw UpstreamError.fromStatus(response.statusCode, parseRetryAfter(response.headers['retry-after']));
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw UpstreamError.unreadable(`its ${response.statusCode} answer is not JSON`);
    }
    return readResults(body, entries.length);
  }

  /**
   * `POST /oauth/token` with a refresh token. A refused grant (`invalid_grant`) is UNAUTHENTICATED
   * and says so; the grant's secrets never appear in an error.
   */
  async refreshToken(grant: RefreshGrant, dataCenter: DataCenterId = 'us'): Promise<RefreshedTokens> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.origin(dataCenter)}/oauth/token`, {
        method: 'POST',
        dispatcher: this.#dispatcher,
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify({
          client_id: grant.clientId,
          client_secret: grant.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: grant.refreshToken,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw unreachable(error, this.options.timeoutMs);
    }
    const body = (await response.body.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.statusCode === 400 && (body?.error === 'invalid_grant' || body?.error === 'invalid_client')) {
      throw new UpstreamError(
        'UNAUTHENTICATED',
        body.error === 'invalid_grant'
          ? "Cronofy refused the server's refresh token (invalid_grant): it was revoked or already used; set a new CRONOFY_REFRESH_TOKEN."
          : "Cronofy refused the server's client credentials (invalid_client): check CRONOFY_CLIENT_ID and CRONOFY_CLIENT_SECRET.",
        { status: 400 },
      );
    }
    if (response.statusCode !== 200 || typeof body?.access_token !== 'string') {
      // Only the refresh failed: nothing was written with it, unlike a failed batch call.
      throw new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        `Cronofy could not refresh the server's access token (it answered ${response.statusCode}${response.statusCode === 200 ? ' without a token' : ''}); nothing was sent with it. Try again later.`,
        { status: response.statusCode },
      );
    }
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : grant.refreshToken,
      expiresInMs: typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : undefined,
    };
  }

  /** Waits for calls in flight, then closes the connections. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /** Aborts calls in flight and closes the connections. */
  async destroy(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.destroy();
  }
}

function readResults(body: unknown, expected: number): EntryResult[] {
  const batch = isObject(body) ? body.batch : undefined;
  if (!Array.isArray(batch)) throw UpstreamError.unreadable('its answer has no "batch" array');
  checkAnswerCount(batch, expected);
  return batch.map((item, index) => {
    if (!isObject(item) || !Number.isInteger(item.status) || (item.status as number) < 100 || (item.status as number) > 599) {
      throw UpstreamError.unreadable(`result ${index} has no valid "status"`);
    }
    const result: EntryResult = { status: item.status as number };
    if (isObject(item.data)) result.data = item.data;
    if (isObject(item.headers)) result.headers = item.headers;
    return result;
  });
}

function unreachable(error: unknown, timeoutMs: number): UpstreamError {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', 'Cronofy could not be reached: the connection was refused. Nothing was sent.');
  }
  const why = isTimeout(error) ? `no answer within ${timeoutMs} ms` : `the connection failed (${code ?? 'network error'})`;
  return new UpstreamError('UPSTREAM_UNAVAILABLE', `Cronofy could not be reached: ${why}. The writes may or may not have been applied.`, {
    unanswered: true,
  });
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
