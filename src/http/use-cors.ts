import type { Plugin } from 'graphql-yoga';
import { CSRF_HEADER } from './use-csrf-prevention.js';

/**
 * Request headers a listed page may send: the GraphQL ones, this service's own, and those Apollo
 * Client (client awareness) and urql send. `accept` is safelisted already unless it is long.
 */
export const CORS_ALLOWED_HEADERS = [
  'accept',
  'content-type',
  'authorization',
  'cronofy-data-center',
  CSRF_HEADER,
  'apollographql-client-name',
  'apollographql-client-version',
  'apollographql-library-name',
  'apollographql-library-version',
];

/** How long a browser may reuse a preflight's answer; Chromium caps it at 7,200. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for the origins of `CORS_ORIGINS` only; with none listed, no page of
 * another origin can send a preflighted request or read an answer. Yoga's own `cors` option is
 * off (`cors: false`): by default it echoes any `Origin` with `Access-Control-Allow-Credentials`,
 * and given a list it answers an unlisted origin with the list's only entry, or with `null` when
 * it has several (which admits sandboxed frames, whose origin is `null`).
 *
 * A listed `Origin` gets itself back; any other gets no `Access-Control-*` header. Every answer
 * says `Vary: Origin`, so a cache never serves one origin's answer to another. A preflight
 * (`OPTIONS` with `Access-Control-Request-Method`) is answered `204` here, with the allowed
 * methods and headers when its origin is listed. No `Access-Control-Allow-Credentials`: the
 * service reads no cookies, and a page sends its user's token in `Authorization`, which needs
 * none; a page fetching with `credentials: 'include'` is refused.
 *
 * Simple requests (a form, a `text/plain` POST) are sent by the browser whatever the answer
 * says; `useCSRFPrevention` refuses those before anything is written.
 *
 * ```ts
 * createYoga({ cors: false, plugins: [useCors(['https://app.example.com'])] });
 * ```
 */
export function useCors(origins: readonly string[]): Plugin {
  const headersFor = corsHeaders(origins);
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
        endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'content-length': '0' } }));
      }
    },
    onResponse({ request, response }) {
      for (const [name, value] of headersFor(request.method, request.headers.get('origin'))) {
        if (name === 'vary') response.headers.append(name, value);
        else response.headers.set(name, value);
      }
    },
  };
}

/**
 * The headers `useCors` adds to an answer, for a request of `method` from `origin` (null without
 * an `Origin` header): `vary: Origin` always (to be appended to any `vary` already there), the
 * `access-control-*` ones only for a listed origin. The trusted lane writes them itself.
 *
 * ```ts
 * corsHeaders(['https://app.example.com'])('POST', 'https://app.example.com')
 * // → [['vary', 'Origin'], ['access-control-allow-origin', 'https://app.example.com']]
 * ```
 */
export function corsHeaders(origins: readonly string[]): (method: string, origin: string | null) => Array<[string, string]> {
  const listed = new Set(origins);
  const vary: [string, string] = ['vary', 'Origin'];
  return (method, origin) => {
    if (origin === null || !listed.has(origin)) return [vary];
    const headers: Array<[string, string]> = [vary, ['access-control-allow-origin', origin]];
    if (method === 'OPTIONS') {
      headers.push(
        ['access-control-allow-methods', 'GET, POST'],
        ['access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', ')],
        ['access-control-max-age', String(CORS_MAX_AGE_SECONDS)],
      );
    }
    return headers;
  };
}
