import type { Config } from '../config.js';
import { bearerToken, type Caller, type Credential } from '../cronofy/credentials.js';
import { DATA_CENTER_IDS, type DataCenterId, isDataCenterId } from '../cronofy/data-centers.js';

/** Why a request cannot write: each of its mutation fields answers this as a GraphQL error. */
export interface CallerProblem {
  problem: string;
  code: 'UNAUTHENTICATED' | 'BAD_DATA_CENTER';
}

/** Names the caller's data center per request; wins over CRONOFY_DATA_CENTER. */
export const DATA_CENTER_HEADER = 'Cronofy-Data-Center';

export interface CallerOptions extends Pick<Config, 'dataCenter'> {
  /** For requests without Authorization: the server's own credentials, or the simulator's demo token. */
  fallback: Credential | undefined;
}

/**
 * Who a request writes for: its `Authorization: Bearer <Cronofy access token>`, forwarded as
 * it is, and the data center that token belongs to. A request without a token writes with the
 * server's credentials where those are configured (the demo token in simulator mode); otherwise
 * it can still query, but each of its mutation fields answers UNAUTHENTICATED and nothing is sent.
 *
 * ```http
 * Authorization: Bearer <token>
 * Cronofy-Data-Center: uk
 * ```
 */
export function callerOf(headers: Headers, options: CallerOptions): Caller | CallerProblem {
  const dataCenter = dataCenterOf(headers, options);
  if (typeof dataCenter !== 'string') return dataCenter;
  const header = headers.get('authorization');
  if (header === null || header.trim() === '') {
    if (options.fallback) return { credential: options.fallback, dataCenter };
    return { code: 'UNAUTHENTICATED', problem: 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".' };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    // The header's value is not echoed: it may be a credential in the wrong form.
    return { code: 'UNAUTHENTICATED', problem: 'The Authorization header is not of the form "Bearer <Cronofy access token>".' };
  }
  return { credential: bearerToken(match[1]!), dataCenter };
}

/**
 * The header names one of the six ids and nothing else, so a caller picks a row of the fixed
 * host table and can never point the service at a host of its own.
 */
export function dataCenterOf(headers: Headers, config: Pick<Config, 'dataCenter'>): DataCenterId | CallerProblem {
  const value = headers.get(DATA_CENTER_HEADER);
  if (value === null) return config.dataCenter;
  const id = value.trim().toLowerCase();
  if (isDataCenterId(id)) return id;
  // Not echoed either: a header in the wrong place may hold anything.
  return {
    code: 'BAD_DATA_CENTER',
    problem:
      `The ${DATA_CENTER_HEADER} header must be one of ${DATA_CENTER_IDS.join(', ')}: the data center your access token belongs to. ` +
      `Leave it out to use this service's default (${config.dataCenter}).`,
  };
}
