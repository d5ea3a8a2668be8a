import { useCSRFPrevention as useYogaCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Any value will do; its presence proves the request came from code, not from a form or a link. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Yoga's CSRF prevention: a request a browser would send cross-site without a preflight (a GET,
 * or a POST form body: url-encoded, multipart or text/plain) must carry `x-graphql-yoga-csrf`.
 * A JSON POST, which is what clients and GraphiQL send, needs nothing. Without it, any web page
 * could make a visitor's browser send writes; in simulator mode, where no token is needed, that
 * would take no credential at all. The plugin's message is replaced by one that says the fix.
 *
 * ```sh
 * curl 'http://localhost:4000/graphql?query={batchLimit}' -H 'x-graphql-yoga-csrf: 1'
 * ```
 */
export function useCSRFPrevention(): Plugin {
  const plugin = useYogaCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        return plugin.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `This request could have come from another site's page: send the operation as a JSON POST (content-type: application/json), or add the header "${CSRF_HEADER}: 1".`,
          { extensions: { code: 'CSRF_HEADER_MISSING', http: { status: 403 } } },
        );
      }
    },
  };
}
