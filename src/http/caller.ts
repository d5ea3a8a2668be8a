import type { Caller } from '../batcher/batcher.js';
import type { Config } from '../config.js';

/**
 * Who a request writes for: its `Authorization: Bearer <Cronofy access token>`, forwarded as
 * it is. A request without one can still query, but each of its mutation fields answers
 * UNAUTHENTICATED and nothing is sent. In simulator mode the demo token stands in.
 */
export function callerOf(headers: Headers, config: Pick<Config, 'dataCenter' | 'demoAccessToken'>): Caller | { problem: string } {
  const header = headers.get('authorization');
  if (header === null || header.trim() === '') {
    if (config.demoAccessToken) return { accessToken: config.demoAccessToken, dataCenter: config.dataCenter };
    return { problem: 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".' };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    // The header's value is not echoed: it may be a credential in the wrong form.
    return { problem: 'The Authorization header is not of the form "Bearer <Cronofy access token>".' };
  }
  return { accessToken: match[1]!, dataCenter: config.dataCenter };
}
