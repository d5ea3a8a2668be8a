import { request } from 'undici';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/observability/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type AccountSeed, CronofySimulator, type OAuthClient, type RateLimits } from '../../src/simulator/index.js';

export const ALICE = 'alice-access-token';
export const BOB = 'bob-access-token';

export interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  };
}

export interface Stack {
  simulator: CronofySimulator;
  server: RunningServer;
  /** POSTs one GraphQL request (or, given an array, an HTTP batch) over real HTTP. */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** The server's own Cronofy account, as `CRONOFY_CLIENT_ID` and the rest name it. */
export const SERVER_CLIENT = { clientId: 'app-id', clientSecret: 'app-secret-value' };

/**
 * `startStack`/`useStack` options for server-held credentials: the simulator knows the account
 * (`server-access-1`, calendar `cal_1`) and its refresh token (`refresh-1`), and the server is
 * configured with both. `env` adds to or overrides the server's settings.
 */
export function serverHeldAccount(env: NodeJS.ProcessEnv = {}) {
  return {
    accounts: [{ accessToken: 'server-access-1', calendarIds: ['cal_1'] }],
    oauthClients: [{ ...SERVER_CLIENT, refreshTokens: [{ refreshToken: 'refresh-1', accessToken: 'server-access-1' }] }],
    env: {
      CRONOFY_CLIENT_ID: SERVER_CLIENT.clientId,
      CRONOFY_CLIENT_SECRET: SERVER_CLIENT.clientSecret,
      CRONOFY_REFRESH_TOKEN: 'refresh-1',
      CRONOFY_ACCESS_TOKEN: 'server-access-1',
      ...env,
    },
  };
}

/**
 * Retries as in production, but with short waits so a test of faults takes milliseconds; no log
 * lines; and a call budget no test reaches, except those about the budget, which set their own.
 */
export const TEST_ENV = {
  CRONOFY_RETRY_BASE_MS: '5',
  CRONOFY_RETRY_MAX_MS: '40',
  LOG_LEVEL: 'silent',
  CRONOFY_RATE_PER_SECOND: '100000',
  CRONOFY_RATE_PER_MINUTE: '6000000',
};

/** The embedded simulator and the real server, both on loopback, wired as `npm start` wires them. */
export async function startStack(
  options: {
    accounts?: AccountSeed[];
    latencyMs?: number;
    cronofyApiUrl?: string;
    env?: NodeJS.ProcessEnv;
    oauthClients?: OAuthClient[];
    /** Cronofy's limits per application, enforced by the simulator (none unless given). */
    rateLimits?: RateLimits;
    /** Where the server logs (default: nowhere, as TEST_ENV sets LOG_LEVEL=silent). */
    logger?: Logger;
    /** As `startServer`'s: `false` sends trusted documents through Yoga too. */
    trustedLane?: NonNullable<Parameters<typeof startServer>[1]>['trustedLane'];
  } = {},
): Promise<Stack> {
  const simulator = await CronofySimulator.start({
    latencyMs: options.latencyMs,
    oauthClients: options.oauthClients,
    rateLimits: options.rateLimits,
    accounts: options.accounts ?? [
      { accessToken: ALICE, calendarIds: ['cal_1', 'cal_2'], externalEventUids: ['evt_external_1', 'evt_external_2'] },
      { accessToken: BOB, calendarIds: ['cal_bob'] },
    ],
  });
  const env = { ...TEST_ENV, CRONOFY_API_URL: options.cronofyApiUrl ?? simulator.url, ...options.env };
  const server = await startServer({ ...loadConfig(env), port: 0 }, { logger: options.logger, trustedLane: options.trustedLane });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await request(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, body: (await response.body.json()) as any };
  };

  return {
    simulator,
    server,
    post,
    graphql: (query, variables, { token = ALICE, headers = {} } = {}) =>
      post({ query, variables }, { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers }),
    async close() {
      await server.close();
      await simulator.close();
    },
  };
}

/**
 * Starts a stack for the enclosing suite and clears its recorded calls before each test. The
 * returned object stands for the stack once it has started.
 */
export function useStack(options: Parameters<typeof startStack>[0] = {}): Stack {
  let current: Stack | undefined;
  beforeAll(async () => {
    current = await startStack(options);
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    current!.simulator.calls.length = 0;
    current!.simulator.faultPlan = undefined;
  });
  return new Proxy({} as Stack, { get: (_target, key) => current![key as keyof Stack] });
}

/** A `upsertEvent` input that Cronofy accepts, varied by `n`. */
export function eventInput(n: number, calendarId = 'cal_1') {
  return {
    calendarId,
    eventId: `event-${n}`,
    summary: `Meeting ${n}`,
    start: '2026-12-07T09:00:00Z',
    end: '2026-12-07T10:00:00Z',
  };
}

/** An operation of `n` aliased `upsertEvent` fields, each with its own variable. */
export function upsertOperation(n: number): { query: string; variables: Record<string, unknown> } {
  const definitions = Array.from({ length: n }, (_, i) => `$e${i}: UpsertEventInput!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `f${i}: upsertEvent(input: $e${i}) { ...Answer }`).join('\n');
  return {
    query: `mutation Many(${definitions}) {\n${fields}\n}\n${ANSWER_FRAGMENTS}`,
    variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${i}`, eventInput(i)])),
  };
}

/** Selects every member of every result union, so a test sees each field's whole answer. */
export const ANSWER_FRAGMENTS = `
fragment Answer on UpsertEventResult {
  __typename
  ... on UpsertEventSuccess { calendarId eventId status }
  ... on ValidationError { message fieldErrors { field key description } }
  ... on CronofyRequestError { message status }
}`;

const SUCCESS_FIELDS = {
  UpsertEventSuccess: 'calendarId eventId status',
  DeleteEventSuccess: 'calendarId eventId status',
  EditExternalEventSuccess: 'calendarId eventUid status',
  DeleteExternalEventSuccess: 'calendarId eventUid status',
  UpsertAvailablePeriodSuccess: 'availablePeriodId status',
  DeleteAvailablePeriodSuccess: 'availablePeriodId status',
  DeleteAllAvailablePeriodsSuccess: 'status',
};

const ERROR_FIELDS = `
  ... on ValidationError { message fieldErrors { field key description } }
  ... on CronofyRequestError { message status }`;

/** The whole answer of a field whose result union has the given success type. */
export function answerOf(success: keyof typeof SUCCESS_FIELDS): string {
  return `__typename ... on ${success} { ${SUCCESS_FIELDS[success]} } ${ERROR_FIELDS}`;
}

/** The whole answer of an item of the batch field. */
export const ANY_RESULT = `__typename ${Object.entries(SUCCESS_FIELDS)
  .map(([type, fields]) => `... on ${type} { ${fields} }`)
  .join(' ')} ${ERROR_FIELDS}`;
