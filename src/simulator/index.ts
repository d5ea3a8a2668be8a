import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Account, type AccountSeed, createAccount } from './accounts.js';
import { applyEntry, type SimulatedResult } from './entries.js';

export type { Account, AccountSeed } from './accounts.js';

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
}

/** One `POST /v1/batch` the simulator answered, for tests and benchmarks to count and inspect. */
export interface RecordedCall {
  accessToken: string;
  entries: unknown[];
  results: SimulatedResult[];
  receivedAt: number;
  answeredAt: number;
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
  readonly #accounts = new Map<string, Account>();
  readonly #acceptTokenPrefix: string | undefined;
  latencyMs: number;

  private constructor(
    private readonly server: Server,
    options: SimulatorOptions,
  ) {
    this.latencyMs = options.latencyMs ?? 0;
    this.#acceptTokenPrefix = options.acceptTokenPrefix || undefined;
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
    if (request.method !== 'POST' || request.url !== '/v1/batch') return send(response, 404, { error: 'not_found' });
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    let account = token === undefined ? undefined : this.#accounts.get(token);
    if (!account && token !== undefined && this.#acceptTokenPrefix && token.startsWith(this.#acceptTokenPrefix)) {
      account = this.addAccount({ accessToken: token, calendarIds: ['cal_1'] });
    }
    if (!account) return send(response, 401, { error: 'unauthorized' });

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
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const results = batch.map((entry) => applyEntry(account, entry));
    this.calls.push({ accessToken: account.accessToken, entries: batch, results, receivedAt, answeredAt: performance.now() });
    send(response, 207, { batch: results });
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

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
