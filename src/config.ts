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
  };
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
