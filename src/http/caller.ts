import type { Config } from '../config.js';
import { bearerToken, type Caller, type Credential } from '../cronofy/credentials.js';
import { DATA_CENTER_IDS, type DataCenterId, isDataCenterId } from '../cronofy/data-centers.js';
import type { CallerProblem, Context } from '../schema/context.js';

/** What `identify` reads of a request's headers: a Fetch `Headers`, or an adapter over node's (the trusted lane). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Names the caller's data center per request; wins over CRONOFY_DATA_CENTER. */
export const DATA_CENTER_HEADER = 'Cronofy-Data-Center';

/**
 * Who a request writes for, and where: its `Authorization: Bearer <Cronofy access token>`,
 * forwarded as it is, and the data center that token belongs to (the `Cronofy-Data-Center`
 * header, else CRONOFY_DATA_CENTER). A request without a token writes with `fallback` (the
 * server's credentials, or the simulator's demo token) where there is one, always in
 * CRONOFY_DATA_CENTER, where that account lives; otherwise it can still query, but each of its
 * mutation fields answers UNAUTHENTICATED and nothing is sent.
 *
 * ```http
 * Authorization: Bearer <token>
 * Cronofy-Data-Center: uk
 * ```
 *
 * `dataCenter` is where the writes go, or why the header was refused (for `Query.dataCenter` to
 * report); `caller` is the caller, or why the request cannot write.
 */
export function identify(
  headers: HeaderReader,
  config: Pick<Config, 'dataCenter'>,
  fallback: Credential | undefined,
): Pick<Context, 'caller' | 'dataCenter'> {
  const requested = dataCenterOf(headers, config);
  const caller = callerOf(headers, requested, config.dataCenter, fallback);
  const dataCenter = 'credential' in caller ? caller.dataCenter : caller.code === 'BAD_DATA_CENTER' ? caller : requested;
  return { caller, dataCenter };
}

function callerOf(
  headers: HeaderReader,
  dataCenter: DataCenterId | CallerProblem,
  home: DataCenterId,
  fallback: Credential | undefined,
): Caller | CallerProblem {
  if (typeof dataCenter !== 'string') return dataCenter;
  const header = headers.get('authorization');
  if (header === null || header.trim() === '') {
    if (!fallback) {
      return { code: 'UNAUTHENTICATED', problem: 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".' };
    }
    // The server's account lives in one data center: sending its token elsewhere would only fail and force refreshes.
    if (dataCenter !== home) {
      return {
        code: 'BAD_DATA_CENTER',
        problem: `Without an Authorization header you write with this service's own account, which is in the ${home} data center: leave out ${DATA_CENTER_HEADER}, or send your own access token.`,
      };
    }
    return { credential: fallback, dataCenter };
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
function dataCenterOf(headers: HeaderReader, config: Pick<Config, 'dataCenter'>): DataCenterId | CallerProblem {
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
