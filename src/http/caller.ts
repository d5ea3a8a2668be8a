import type { Caller, Credential } from '../cronofy/credentials.js';
import { bearerToken } from '../cronofy/credentials.js';
import type { DataCenterId } from '../cronofy/data-centers.js';

export interface CallerOptions {
  dataCenter: DataCenterId;
  /** For requests without Authorization: the server's own credentials, or the simulator's demo token. */
  fallback: Credential | undefined;
}

/**
 * Who a request writes for: its `Authorization: Bearer <Cronofy access token>`, forwarded as
 * it is. A request without one writes with the server's credentials where those are configured;
 * otherwise it can still query, but each of its mutation fields answers UNAUTHENTICATED and
 * nothing is sent.
 */
export function callerOf(headers: Headers, { dataCenter, fallback }: CallerOptions): Caller | { problem: string } {
  const header = headers.get('authorization');
  if (header === null || header.trim() === '') {
    if (fallback) return { credential: fallback, dataCenter };
    return { problem: 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".' };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    // The header's value is not echoed: it may be a credential in the wrong form.
    return { problem: 'The Authorization header is not of the form "Bearer <Cronofy access token>".' };
  }
  return { credential: bearerToken(match[1]!), dataCenter };
}
