import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

type Encoding = 'br' | 'gzip' | 'identity';

interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

const compress: Record<Exclude<Encoding, 'identity'>, (page: Buffer) => Promise<Buffer>> = {
  // Quality 5 takes about 0.6 s for the 9 MB page and gets within 15 % of quality 11, which takes 30 s.
  br: (page) =>
    promisify(brotliCompress)(page, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: page.length },
    }),
  gzip: (page) => promisify(gzip)(page, { level: 6 }),
};

/**
 * Serves GraphiQL from `@graphql-yoga/render-graphiql`, which inlines every script, style and
 * worker, so the page works on a network that cannot reach a CDN (Yoga's built-in page loads its
 * assets from unpkg). The page is about 9 MB: it is rendered and compressed once per encoding, on
 * the first request that asks for it, then answered from memory with an ETag, so a browser that
 * has it revalidates with a 304 instead of downloading it again.
 *
 * Use it instead of Yoga's `graphiql` option:
 *
 * ```ts
 * createYoga({ graphiql: false, plugins: [useOfflineGraphiQL({ title: 'My API', defaultQuery: '{ hello }' })] });
 * ```
 */
export function useOfflineGraphiQL(options: GraphiQLOptions): Plugin {
  let endpoint = '/graphql';
  const representations = new Map<Encoding, Promise<Representation>>();

  const render = async (encoding: Encoding): Promise<Representation> => {
    // Imported on first use: a server that never shows GraphiQL never loads the 9 MB module.
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const page = Buffer.from(renderGraphiQL(options));
    const body = new Uint8Array(encoding === 'identity' ? page : await compress[encoding](page));
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  };
  const representation = (encoding: Encoding): Promise<Representation> => {
    let cached = representations.get(encoding);
    if (cached === undefined) {
      cached = render(encoding);
      // A failed render is tried again by the next request rather than remembered.
      cached.catch(() => representations.delete(encoding));
      representations.set(encoding, cached);
    }
    return cached;
  };

  return {
    onYogaInit({ yoga }) {
      endpoint = yoga.graphqlEndpoint;
    },
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!shouldRenderGraphiQL(request) || url.pathname.replace(/\/$/, '') !== endpoint) return;
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      const { body, etag } = await representation(encoding);
      const headers: Record<string, string> = {
        etag,
        // Stored, but checked on every visit: a restarted server with another example or header shows at once.
        'cache-control': 'no-cache',
        // The same URL answers GraphQL GET requests, and the page differs by encoding.
        vary: 'Accept, Accept-Encoding',
      };
      if (matches(request.headers.get('if-none-match'), etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      headers['content-type'] = 'text/html; charset=utf-8';
      endResponse(new fetchAPI.Response(body, { status: 200, headers }));
    },
  };
}

/** The acceptable encoding with the highest q-value; brotli, then gzip, on ties. */
function negotiateEncoding(acceptEncoding: string | null): Encoding {
  const weights = new Map<string, number>();
  for (const part of acceptEncoding?.toLowerCase().split(',') ?? []) {
    const [coding, ...parameters] = part.split(';').map((s) => s.trim());
    const q = parameters.find((p) => p.startsWith('q='));
    if (coding) weights.set(coding, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  let chosen: Encoding = 'identity';
  for (const coding of ['br', 'gzip'] as const) if (weight(coding) > (chosen === 'identity' ? 0 : weight(chosen))) chosen = coding;
  return chosen;
}

/** `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}
