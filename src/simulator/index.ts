import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Account, type AccountSeed, createAccount } from './accounts.js';
import { applyEntry, type SimulatedResult } from './entries.js';
import type { Fault, FaultPlan } from './faults.js';
import { type OAuthClient, OAuthServer } from './oauth.js';
import { ApplicationRateLimits, type RateLimits } from './rate-limits.js';

export type { Account, AccountSeed } from './accounts.js';
export type { Fault, FaultPlan } from './faults.js';
export type { OAuthClient } from './oauth.js';
export type { RateLimits } from './rate-limits.js';

/** Stands in for a caller's token in `npm start`'s simulator mode. Not a real credential. */
export const DEMO_ACCESS_TOKEN = 'simulator-demo-token';

const MAX_ENTRIES = 50;

export interface SimulatorOptions {
  /** Accounts besides the demo account. */
  accounts?: AccountSeed[];
  /** Added before every answer, to stand in for the network and Cronofy's own work. */
  latencyMs?: number;
  /**
   * Any token that starts with this gets a default account on first use, so a benchmark can
   * write for thousands of callers without seeding each one.
   */
  acceptTokenPrefix?: string;
  port?: number;
  /** OAuth clients that may refresh tokens at `POST /oauth/token`. */
  oauthClients?: OAuthClient[];
  /** Keep every answered call in `calls` (tests count them); `npm start` turns this off. */
  recordCalls?: boolean;
  /**
   * Cronofy's limits per application (50 a second, 500 a minute by default at Cronofy), over
   * every `POST /v1/batch` and `POST /oauth/token`: past either, `429` without `Retry-After`.
   * None unless given, so tests that are not about rate limits are not slowed by them.
   */
  rateLimits?: RateLimits;
  /**
   * Lifetime of the access tokens `POST /oauth/token` issues: past it, calls with one get 401 as
   * with an expired token, and `expires_in` says so (whole seconds). Unset: they work until the
   * next refresh, and `expires_in` says 3600. Tokens of `accounts` never expire by themselves.
   */
  accessTokenTtlMs?: number;
}

/** One `POST /v1/batch` the simulator answered, for tests and benchmarks to count and inspect. */
export interface RecordedCall {
  accessToken: string;
  /** From the `Cronofy-Data-Center` header the service sends to a stand-in origin; absent if none was sent. */
  dataCenter: string | undefined;
  entries: unknown[];
  results: SimulatedResult[];
  receivedAt: number;
  answeredAt: number;
  /** The fault injected into this call, if any; `applied` says whether its entries took effect. */
  fault?: Fault;
  applied: boolean;
}

/**
 * An embedded Cronofy: a real HTTP server on loopback that implements `POST /v1/batch` for the six
 * batchable request types with Cronofy's documented validation and keeps calendar state in
 * memory. Production code never imports it; `npm start` loads it only when no upstream is set.
 *
 * ```ts
 * const sim = await CronofySimulator.start({ accounts: [{ accessToken: 'tok', calendarIds: ['cal_1'] }] });
 * // point CRONOFY_API_URL at sim.url …
 * sim.calls.length; sim.account('tok').calendars.get('cal_1')?.events;
 * await sim.close();
 * ```
 */
export class CronofySimulator {
  readonly calls: RecordedCall[] = [];
  /** Calls refused with 401 because the token is unknown or expired. */
  unauthorizedCalls = 0;
  /** Requests refused with 429 by `rateLimits`. */
  rateLimitedRequests = 0;
  /** Cronofy's limits per application, if the simulator enforces them; see `SimulatorOptions.rateLimits`. */
  rateLimits: ApplicationRateLimits | undefined;
  /** Batch calls accepted so far, including those not answered yet (`calls` holds answered ones). */
  get receivedCalls(): number {
    return this.#callIndex;
  }
  readonly #accounts = new Map<string, Account>();
  readonly #faults: Fault[] = [];
  readonly #oauth: OAuthServer;
  readonly #record: boolean;
  #callIndex = 0;
  readonly #acceptTokenPrefix: string | undefined;
  latencyMs: number;
  /** Decides a fault for calls that `injectFaults` left without one. */
  faultPlan: FaultPlan | undefined;

  private constructor(
    private readonly server: Server,
    options: SimulatorOptions,
  ) {
    this.latencyMs = options.latencyMs ?? 0;
    this.#record = options.recordCalls ?? true;
    this.#oauth = new OAuthServer(options.oauthClients ?? [], this.#accounts, { accessTokenTtlMs: options.accessTokenTtlMs });
    this.#acceptTokenPrefix = options.acceptTokenPrefix || undefined;
    this.rateLimits = options.rateLimits && new ApplicationRateLimits(options.rateLimits);
    this.addAccount({
      accessToken: DEMO_ACCESS_TOKEN,
      calendarIds: ['cal_demo_work', 'cal_demo_home'],
      externalEventUids: ['evt_external_demo'],
    });
    for (const seed of options.accounts ?? []) this.addAccount(seed);
  }

  static async start(options: SimulatorOptions = {}): Promise<CronofySimulator> {
    const server = createServer();
    const simulator = new CronofySimulator(server, options);
    server.on('request', (request, response) => void simulator.#handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    return simulator;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  addAccount(seed: AccountSeed): Account {
    const account = createAccount(seed);
    this.#accounts.set(seed.accessToken, account);
    return account;
  }

  /** The next calls, one fault each, in order. */
  injectFaults(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  /** Makes Cronofy forget an access token, as when it expires: calls with it get 401 until refreshed. */
  expireAccessToken(accessToken: string): void {
    this.account(accessToken).expired = true;
  }

  /** Refresh tokens issued so far, in order: the newest is the one that works. */
  get refreshTokens(): readonly string[] {
    return this.#oauth.issued;
  }

  /** `POST /oauth/token` requests answered so far, refused ones included. */
  get tokenRequests(): number {
    return this.#oauth.requests;
  }

  /** When each refresh succeeded (epoch ms), oldest first: one entry per token in `refreshTokens`. */
  get refreshTimes(): readonly number[] {
    return this.#oauth.issuedAt;
  }

  /** `POST /oauth/token` requests refused with `invalid_grant` (a refresh token unknown or already used). */
  get invalidGrants(): number {
    return this.#oauth.invalidGrants;
  }

  account(accessToken: string): Account {
    const account = this.#accounts.get(accessToken);
    if (!account) throw new Error(`CronofySimulator: no account has that access token; add it with addAccount() first.`);
    return account;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const raw = await readBody(request);
    const counted = request.method === 'POST' && (request.url === '/oauth/token' || request.url === '/v1/batch');
    if (counted && this.rateLimits && !this.rateLimits.admit(receivedAt)) {
      this.rateLimitedRequests++;
      return send(response, 429, { error: 'too_many_requests' });
    }
    if (request.method === 'POST' && request.url === '/oauth/token') return send(response, ...this.#oauth.token(raw));
    if (request.method !== 'POST' || request.url !== '/v1/batch') return send(response, 404, { error: 'not_found' });
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const dataCenter = request.headers['cronofy-data-center'] as string | undefined;
    let account = token === undefined ? undefined : this.#accounts.get(token);
    if (!account && token !== undefined && this.#acceptTokenPrefix && token.startsWith(this.#acceptTokenPrefix)) {
      account = this.addAccount({ accessToken: token, calendarIds: ['cal_1'] });
    }
    // Data centers are separate: a token sent to another data center is unknown there.
    const expired = account && (account.expired || (account.expiresAt !== undefined && Date.now() >= account.expiresAt));
    if (!account || expired || (dataCenter !== undefined && dataCenter !== account.dataCenter)) {
      this.unauthorizedCalls++;
      return send(response, 401, { error: 'unauthorized' });
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(response, 400, { error: 'invalid_json' });
    }
    const batch = (body as { batch?: unknown })?.batch;
    if (!Array.isArray(batch)) {
      return send(response, 422, { errors: { batch: [{ key: 'errors.required', description: 'batch must be specified' }] } });
    }
    if (batch.length > MAX_ENTRIES) {
      return send(response, 422, {
        errors: { batch: [{ key: 'errors.too_long', description: `batch must contain at most ${MAX_ENTRIES} requests` }] },
      });
    }
    const index = this.#callIndex++;
    const fault = this.#faults.shift() ?? this.faultPlan?.({ index, accessToken: account.accessToken, entries: batch });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    const record = (results: SimulatedResult[], applied: boolean) => {
      if (!this.#record) return;
      const call: RecordedCall = {
        accessToken: account.accessToken,
        dataCenter,
        entries: batch,
        results,
        receivedAt,
        answeredAt: performance.now(),
        applied,
      };
      if (fault) call.fault = fault;
      this.calls.push(call);
    };
    if (fault?.kind === 'status') {
      record([], false);
      return send(response, fault.status, { error: 'injected' }, fault.retryAfter);
    }
    if (fault?.kind === 'reset' && !fault.applied) {
      record([], false);
      return void request.socket.destroy();
    }
    const statuses = fault?.kind === 'entries' ? fault.statuses : {};
    const results = batch.map((entry, i) => {
      const status = statuses[i];
      if (status === undefined) return applyEntry(account, entry);
      return fault?.kind === 'entries' && fault.retryAfter ? { status, headers: { 'Retry-After': fault.retryAfter } } : { status };
    });
    record(results, true);
    switch (fault?.kind) {
      case 'reset':
        return void request.socket.destroy();
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      case 'truncated':
        return sendRaw(response, 207, JSON.stringify({ batch: results }).slice(0, -7));
      case 'malformed':
        return sendRaw(response, 207, '<html>Bad gateway</html>');
      case 'wrong-length':
        return send(response, 207, { batch: results.slice(1) });
    }
    if (!response.destroyed) send(response, 207, { batch: results });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, retryAfter?: string): void {
  sendRaw(response, status, JSON.stringify(body), retryAfter);
}

function sendRaw(response: ServerResponse, status: number, text: string, retryAfter?: string): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  response.writeHead(status, headers);
  response.end(text);
}
