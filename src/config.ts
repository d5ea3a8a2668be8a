import { DATA_CENTER_IDS, type DataCenterId, isDataCenterId } from './cronofy/data-centers.js';

/** Everything the service reads from its environment; see the README's configuration table. */
export interface Config {
  port: number;
  host: string;
  /** Data center used for every caller (per-request choice is a later feature). */
  dataCenter: DataCenterId;
  /** Base URL that replaces the data center's host, for tests and proxies. */
  cronofyApiUrl: string | undefined;
  /** Neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER set: `npm start` runs the embedded simulator. */
  useSimulator: boolean;
  /** Upper bound for one upstream batch call, from connect to the last byte of the answer. */
  timeoutMs: number;
  /** Stands in for a missing Authorization header; only ever set to the simulator's demo token. */
  demoAccessToken: string | undefined;
  /** What one HTTP request may ask for; see the README's "Limits and hostile callers". */
  limits: Limits;
  /** GraphiQL at `GET /graphql`; off by default when NODE_ENV=production. */
  graphiql: boolean;
  /** Schema introspection; off by default when NODE_ENV=production. */
  introspection: boolean;
}

/** Each is refused with a GraphQL error naming the limit, before anything is sent to Cronofy. */
export interface Limits {
  /** Request body, in bytes. */
  bodyBytes: number;
  /** Lexical tokens of one document. */
  tokens: number;
  /** Selection depth (`__schema` excepted; `__type` counts). */
  depth: number;
  aliases: number;
  directives: number;
  /** Root fields of one mutation operation. */
  mutationFields: number;
  /** Requests of all `batch` fields of one operation, together. */
  batchRequests: number;
  /** Operations of one HTTP batch request. */
  operationsPerRequest: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataCenter = env.CRONOFY_DATA_CENTER?.trim() || 'us';
  if (!isDataCenterId(dataCenter)) {
    throw new ConfigError(`CRONOFY_DATA_CENTER must be one of ${DATA_CENTER_IDS.join(', ')}; got "${dataCenter}".`);
  }
  const cronofyApiUrl = env.CRONOFY_API_URL?.trim() || undefined;
  if (cronofyApiUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(cronofyApiUrl)) {
    throw new ConfigError(
      `CRONOFY_API_URL must be an origin such as "http://127.0.0.1:3100" (scheme, host and port only); got "${cronofyApiUrl}".`,
    );
  }
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataCenter,
    cronofyApiUrl: cronofyApiUrl?.replace(/\/$/, ''),
    useSimulator: cronofyApiUrl === undefined && !env.CRONOFY_DATA_CENTER?.trim(),
    timeoutMs: integer(env, 'CRONOFY_TIMEOUT_MS', 15_000, 1, 600_000),
    demoAccessToken: undefined,
    limits: {
      bodyBytes: integer(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      tokens: integer(env, 'MAX_TOKENS', 40_000, 1, 10_000_000),
      depth: integer(env, 'MAX_DEPTH', 8, 1, 1000),
      aliases: integer(env, 'MAX_ALIASES', 1000, 0, 1_000_000),
      directives: integer(env, 'MAX_DIRECTIVES', 500, 0, 1_000_000),
      mutationFields: integer(env, 'MAX_MUTATION_FIELDS', 500, 1, 1_000_000),
      batchRequests: integer(env, 'MAX_BATCH_REQUESTS', 500, 1, 1_000_000),
      operationsPerRequest: integer(env, 'MAX_OPERATIONS_PER_REQUEST', 10, 1, 1000),
    },
    // Production hides the schema's shape unless the operator opts in.
    graphiql: flag(env, 'GRAPHIQL', env.NODE_ENV !== 'production'),
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
  };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]!.trim()}".`);
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
