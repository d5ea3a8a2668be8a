import { DATA_CENTER_IDS, type DataCenterId, isDataCenterId } from './cronofy/data-centers.js';
import type { RetryPolicy } from './resilience/resilient-upstream.js';

/**
 * Everything the service reads from its environment; see the README's configuration table.
 * The retry, deadline and breaker settings are the `RetryPolicy` handed to the resilience layer.
 * Read-only once loaded, and frozen: a different setting is a new `Config` (`{ ...config, port }`).
 */
export interface Config extends Readonly<RetryPolicy> {
  readonly port: number;
  readonly host: string;
  /** Default data center; a request may name another in the Cronofy-Data-Center header. */
  readonly dataCenter: DataCenterId;
  /** Origin (`http://127.0.0.1:3100`, no trailing slash) that replaces the data center's, for tests and proxies. */
  readonly cronofyApiUrl: string | undefined;
  /** Neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER set: `npm start` runs the embedded simulator. */
  readonly useSimulator: boolean;
  /** On SIGTERM/SIGINT, how long calls in flight may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** The server's own Cronofy account, used for requests without Authorization. */
  readonly serverCredentials: ServerCredentialsConfig | undefined;
  /** Stands in for a missing Authorization header; only ever set to the simulator's demo token. */
  readonly demoAccessToken: string | undefined;
  /** pino level of the log lines on stdout. */
  readonly logLevel: LogLevel;
  /** JSON lines for machines, or one short line each for a person at a terminal (the default there, outside production). */
  readonly logFormat: LogFormat;
  /**
   * Where `GET /metrics` is served: on the API port, on a port of its own on the same host (0: any
   * free one), or nowhere (NODE_ENV=production without METRICS_PORT).
   */
  readonly metrics: 'api' | 'off' | { port: number };
  /** What one HTTP request may ask for; see docs/security.md. */
  readonly limits: Limits;
  /** GraphiQL at `GET /graphql`; off by default when NODE_ENV=production. */
  readonly graphiql: boolean;
  /** Schema introspection; off by default when NODE_ENV=production. */
  readonly introspection: boolean;
  /** Origins whose pages may call the API from a browser, as browsers write them; none by default. */
  readonly corsOrigins: readonly string[];
  /** `_service { sdl }` for gateways that compose at run time; off by default when NODE_ENV=production. */
  readonly federationSdl: boolean;
  /** The call budget every instance shares, and where it lives; see docs/fleet.md. */
  readonly fleet: FleetConfig;
  /** Documents clients may send by id, and whether only they run; see docs/trusted-documents.md. */
  readonly trustedDocuments: TrustedDocumentsConfig;
}

export interface TrustedDocumentsConfig {
  /** Manifest files, as TRUSTED_DOCUMENTS names them (comma-separated); loaded at start-up. */
  readonly manifests: readonly string[];
  /** Refuse every document not sent by id; by default when NODE_ENV=production and a manifest is set. */
  readonly only: boolean;
}

export interface FleetConfig {
  /** Cronofy's per-application limits, per data center: calls in any second, and in any minute. */
  readonly ratePerSecond: number;
  readonly ratePerMinute: number;
  /** How long a write may wait for a call slot before it is answered RATE_LIMITED, unsent. */
  readonly slotWaitMs: number;
  /** `redis://…` shared by the fleet; without it the budget and the credentials live in memory. */
  readonly redisUrl: string | undefined;
  /** Bound on one Redis command; past it Redis counts as faulty and the instance falls back. */
  readonly redisTimeoutMs: number;
  /** N: while Redis is unreachable each instance keeps to 1/N of the rates. */
  readonly sizeHint: number;
}

/** Each is refused with a GraphQL error naming the limit, before anything is sent to Cronofy. */
export interface Limits {
  /** Request body, in bytes. */
  readonly bodyBytes: number;
  /** Lexical tokens of one document, and of all the documents of an HTTP batch together (comments included there). */
  readonly tokens: number;
  /** Bytes of one document (the `query`), apart from its variables. */
  readonly documentBytes: number;
  /** Selection depth (`__schema` excepted; `__type` counts). */
  readonly depth: number;
  readonly aliases: number;
  readonly directives: number;
  /** Root fields of one mutation operation. */
  readonly mutationFields: number;
  /** Requests of all `batch` fields of one operation, together. */
  readonly batchRequests: number;
  /** Operations of one HTTP batch request. */
  readonly operationsPerRequest: number;
  /** Cronofy batch calls all the writes of one HTTP request need, same-resource chains included. */
  readonly callsPerRequest: number;
  /** Representations handed to `_entities` by one HTTP request. */
  readonly entities: number;
  /** Fields the answers of one HTTP request can hold, counted before anything runs (see `operationCost`). */
  readonly answerFields: number;
  /** Bytes of one HTTP request's answer, counted before it is serialised. */
  readonly answerBytes: number;
  /** Estimated bytes of parsed documents (and parse errors) kept for reuse. */
  readonly documentCacheBytes: number;
  /** Bytes of request bodies being read at once, all requests together, charged as they arrive; past it: 503. */
  readonly bodiesInFlightBytes: number;
  /** From a connection's first byte to the request's last: headers and body. */
  readonly requestTimeoutMs: number;
  /** From a connection's first byte to the end of the request's headers. */
  readonly headersTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ServerCredentialsConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly accessToken: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataCenter = env.CRONOFY_DATA_CENTER?.trim() || 'us';
  if (!isDataCenterId(dataCenter)) {
    throw new ConfigError(`CRONOFY_DATA_CENTER must be one of ${DATA_CENTER_IDS.join(', ')}; got "${dataCenter}".`);
  }
  const cronofyApiUrl = apiOrigin(env.CRONOFY_API_URL?.trim() || undefined);
  const config: Config = {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataCenter,
    cronofyApiUrl,
    useSimulator: useSimulator(env, cronofyApiUrl),
    timeoutMs: integer(env, 'CRONOFY_TIMEOUT_MS', 10_000, 1, 600_000),
    maxRetries: integer(env, 'CRONOFY_MAX_RETRIES', 3, 0, 20),
    deadlineMs: integer(env, 'CRONOFY_DEADLINE_MS', 30_000, 1, 3_600_000),
    retryBaseMs: integer(env, 'CRONOFY_RETRY_BASE_MS', 250, 1, 60_000),
    retryMaxMs: integer(env, 'CRONOFY_RETRY_MAX_MS', 5_000, 1, 600_000),
    breakerFailures: integer(env, 'CRONOFY_BREAKER_FAILURES', 5, 1, 1000),
    breakerCooldownMs: integer(env, 'CRONOFY_BREAKER_COOLDOWN_MS', 10_000, 1, 3_600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 35_000, 0, 3_600_000),
    fleet: {
      ratePerSecond: integer(env, 'CRONOFY_RATE_PER_SECOND', 50, 1, 100_000),
      ratePerMinute: integer(env, 'CRONOFY_RATE_PER_MINUTE', 500, 1, 6_000_000),
      slotWaitMs: integer(env, 'CRONOFY_SLOT_WAIT_MS', 10_000, 0, 3_600_000),
      redisUrl: redisUrl(env),
      redisTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 250, 1, 60_000),
      sizeHint: integer(env, 'FLEET_SIZE_HINT', 1, 1, 10_000),
    },
    serverCredentials: serverCredentials(env),
    demoAccessToken: undefined,
    logLevel: logLevel(env),
    logFormat: logFormat(env),
    metrics: metrics(env),
    limits: {
      bodyBytes: integer(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      tokens: integer(env, 'MAX_TOKENS', 20_000, 1, 10_000_000),
      documentBytes: integer(env, 'MAX_DOCUMENT_BYTES', 256 * 1024, 1024, 1024 * 1024 * 1024),
      depth: integer(env, 'MAX_DEPTH', 8, 1, 1000),
      aliases: integer(env, 'MAX_ALIASES', 1000, 0, 1_000_000),
      directives: integer(env, 'MAX_DIRECTIVES', 500, 0, 1_000_000),
      mutationFields: integer(env, 'MAX_MUTATION_FIELDS', 500, 1, 1_000_000),
      batchRequests: integer(env, 'MAX_BATCH_REQUESTS', 500, 1, 1_000_000),
      operationsPerRequest: integer(env, 'MAX_OPERATIONS_PER_REQUEST', 10, 1, 1000),
      callsPerRequest: integer(env, 'MAX_CALLS_PER_REQUEST', 20, 1, 100_000),
      entities: integer(env, 'MAX_ENTITIES', 1000, 0, 1_000_000),
      answerFields: integer(env, 'MAX_ANSWER_FIELDS', 20_000, 1, 100_000_000),
      answerBytes: integer(env, 'MAX_ANSWER_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      documentCacheBytes: integer(env, 'DOCUMENT_CACHE_BYTES', 64 * 1024 * 1024, 0, 64 * 1024 * 1024 * 1024),
      bodiesInFlightBytes: integer(env, 'MAX_BODIES_IN_FLIGHT_BYTES', 64 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000),
      headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 1000, 3_600_000),
    },
    // Production hides the schema's shape unless the operator opts in.
    graphiql: flag(env, 'GRAPHIQL', env.NODE_ENV !== 'production'),
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
    corsOrigins: corsOrigins(env),
    // Its own setting, not GRAPHQL_INTROSPECTION's: a gateway composing at run time needs the SDL
    // and no introspection, and opening introspection for GraphiQL need not hand out the SDL.
    federationSdl: flag(env, 'FEDERATION_SDL', env.NODE_ENV !== 'production'),
    trustedDocuments: trustedDocuments(env),
  };
  const { limits } = config;
  if (limits.bodiesInFlightBytes < limits.bodyBytes) {
    throw new ConfigError(
      `MAX_BODIES_IN_FLIGHT_BYTES (${limits.bodiesInFlightBytes}) must be at least MAX_BODY_BYTES (${limits.bodyBytes}), or no request of the largest size could ever be read.`,
    );
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      `HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}).`,
    );
  }
  return deepFreeze(config);
}

/** `value` and every object and array in it, frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * CORS_ORIGINS: exact origins, comma-separated, each stored as a browser writes it in `Origin`
 * (lower case, default port dropped) so that a plain string comparison decides. No pattern is
 * taken: a request without Authorization writes with the server's own account, so an origin
 * admitted by mistake can write as that account.
 */
function corsOrigins(env: NodeJS.ProcessEnv): string[] {
  const entries = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return [...new Set(entries.map(corsOrigin))];
}

function corsOrigin(entry: string): string {
  const refuse = (problem: string) =>
    new ConfigError(
      `CORS_ORIGINS takes exact origins separated by commas, such as "https://app.example.com,http://localhost:5173" (scheme, host and optional port); ${problem}`,
    );
  if (entry.includes('*')) {
    throw refuse(
      `"${entry}" is a wildcard. It would let every web page write with the server's own account (server-held credentials, or the simulator's demo token, need no Authorization header): list each frontend's origin instead.`,
    );
  }
  if (entry.toLowerCase() === 'null') {
    throw refuse('"null" is the origin of sandboxed frames and local files, which any page can open: list the frontend\'s real origin.');
  }
  // Not echoed: user:password@ would be a credential.
  if (entry.includes('@')) throw refuse('an entry has user information (user@ or user:password@) in it; an origin has none.');
  if (!/^https?:\/\//i.test(entry)) throw refuse(`"${entry}" must start with http:// or https://.`);
  if (!/^[a-z]+:\/\/[^/?#\\]+\/?$/i.test(entry)) {
    throw refuse(`"${entry}" has a path, query or fragment; a browser's Origin header never has one, so it would never match.`);
  }
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw refuse(`"${entry}" is not a valid origin (a bad host, or a port above 65535?).`);
  }
  return url.origin;
}

/**
 * TRUSTED_DOCUMENTS: manifest paths, comma-separated. In production a manifest makes the server
 * run only its documents unless TRUSTED_DOCUMENTS_ONLY=false says otherwise: a frontend's fixed
 * set of operations is then all the endpoint runs.
 */
function trustedDocuments(env: NodeJS.ProcessEnv): TrustedDocumentsConfig {
  const manifests = [
    ...new Set(
      (env.TRUSTED_DOCUMENTS ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    ),
  ];
  const only = flag(env, 'TRUSTED_DOCUMENTS_ONLY', env.NODE_ENV === 'production' && manifests.length > 0);
  if (only && manifests.length === 0) {
    throw new ConfigError(
      'TRUSTED_DOCUMENTS_ONLY=true refuses every document not sent by the id of a trusted one, but TRUSTED_DOCUMENTS names no manifest: ' +
        'set TRUSTED_DOCUMENTS to the manifest `npm run codegen` writes (such as examples/generated/persisted-documents.json), or unset TRUSTED_DOCUMENTS_ONLY.',
    );
  }
  return { manifests, only };
}

/**
 * With no upstream configured, `npm start` runs the embedded simulator. In production that would
 * answer "success" for writes that never reach Cronofy, so there it must be asked for by name.
 */
function useSimulator(env: NodeJS.ProcessEnv, cronofyApiUrl: string | undefined): boolean {
  const unconfigured = cronofyApiUrl === undefined && !env.CRONOFY_DATA_CENTER?.trim();
  const forced = flag(env, 'CRONOFY_SIMULATOR', false);
  if (unconfigured && env.NODE_ENV === 'production' && !forced) {
    throw new ConfigError(
      'NODE_ENV=production but no upstream is set: set CRONOFY_DATA_CENTER (or CRONOFY_API_URL) so writes reach Cronofy, or CRONOFY_SIMULATOR=true to run the embedded simulator on purpose.',
    );
  }
  return unconfigured;
}

/**
 * CRONOFY_API_URL as the origin the client puts `/v1/batch` after: http or https, a host, a port
 * from 1 to 65535, and nothing else. A path, query or fragment would be dropped or mangled when the
 * client builds its URLs, so each is refused rather than ignored. The value is echoed only when it
 * cannot hold a secret: never with `user:password@`, a query or a fragment.
 */
function apiOrigin(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const refuse = (problem: string): never => {
    const shown = /[@?#]/.test(raw) ? '' : ` Got "${raw}".`;
    throw new ConfigError(
      `CRONOFY_API_URL must be an origin such as "http://127.0.0.1:3100" (scheme, host and port only): ${problem}.${shown}`,
    );
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const port = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*:(\d+)(?=[/?#]|$)/i.exec(raw)?.[1];
    return refuse(port && Number(port) > 65535 ? `its port ${port} is over 65535` : 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return refuse(`its scheme is "${url.protocol.slice(0, -1)}" where http or https is needed`);
  // An empty `@` (http://@host) parses to no user name, but is userinfo all the same.
  if (url.username || url.password || /^[^/?#]*\/\/[^/?#]*@/.test(raw))
    return refuse('it holds a user name or password; put no credentials in it');
  // `?` and `#` with nothing after them leave url.search and url.hash empty: look at the text.
  if (raw.includes('?')) return refuse('it has a query (?…); remove it');
  if (raw.includes('#')) return refuse('it has a fragment (#…); remove it');
  if (url.pathname !== '/') return refuse(`it has the path ${url.pathname}; remove it (the client adds /v1/batch itself)`);
  if (url.port === '0') return refuse('its port is 0; give a port from 1 to 65535, or none');
  return url.origin;
}

/**
 * Metrics name every operation type, error and upstream outcome, and the process' memory: nothing a
 * public port should hand out in production. METRICS_PORT equal to PORT keeps them on the API port.
 */
function metrics(env: NodeJS.ProcessEnv): Config['metrics'] {
  if (!env.METRICS_PORT?.trim()) return env.NODE_ENV === 'production' ? 'off' : 'api';
  const port = integer(env, 'METRICS_PORT', 0, 0, 65535);
  return port !== 0 && port === integer(env, 'PORT', 4000, 0, 65535) ? 'api' : { port };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]!.trim()}".`);
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const level = env.LOG_LEVEL?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${level}".`);
  }
  return level as LogLevel;
}

/**
 * LOG_FORMAT, or else what suits stdout: pretty on a terminal (a person is reading), JSON when
 * stdout is a pipe or a file (a log shipper is) and whenever NODE_ENV=production.
 */
function logFormat(env: NodeJS.ProcessEnv): LogFormat {
  const format = env.LOG_FORMAT?.trim().toLowerCase();
  if (!format) return process.stdout.isTTY === true && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(`LOG_FORMAT must be json or pretty; got "${env.LOG_FORMAT}".`);
  }
  return format as LogFormat;
}

const CREDENTIAL_VARIABLES = ['CRONOFY_CLIENT_ID', 'CRONOFY_CLIENT_SECRET', 'CRONOFY_REFRESH_TOKEN'] as const;

/** All three of client id, secret and refresh token, or none; the values are never echoed. */
function serverCredentials(env: NodeJS.ProcessEnv): ServerCredentialsConfig | undefined {
  const [clientId, clientSecret, refreshToken] = CREDENTIAL_VARIABLES.map((name) => env[name]?.trim() || undefined);
  const accessToken = env.CRONOFY_ACCESS_TOKEN?.trim() || undefined;
  if (!clientId && !clientSecret && !refreshToken) {
    if (accessToken)
      throw new ConfigError(
        'CRONOFY_ACCESS_TOKEN needs CRONOFY_CLIENT_ID, CRONOFY_CLIENT_SECRET and CRONOFY_REFRESH_TOKEN too, so the token can be refreshed when it expires.',
      );
    return undefined;
  }
  if (!clientId || !clientSecret || !refreshToken) {
    const missing = CREDENTIAL_VARIABLES.filter((name) => !env[name]?.trim());
    throw new ConfigError(
      `Server-held credentials need all of ${CREDENTIAL_VARIABLES.join(', ')}; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
    );
  }
  return { clientId, clientSecret, refreshToken, accessToken };
}

/** `REDIS_URL`, checked for its scheme; the URL itself (it may hold a password) is never echoed. */
function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL must be a URL such as redis://127.0.0.1:6379 (or rediss:// for TLS); it could not be read as one.');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://; got "${url.protocol}//…".`);
  }
  return raw;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}
