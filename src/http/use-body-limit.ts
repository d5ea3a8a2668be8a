import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { type JsonShape, jsonShapeProblem } from './json-shape.js';

/**
 * Bounds a request body before Yoga parses it. Over `maxBytes` it is refused with `413`: a
 * declared `Content-Length` is enough to judge (node's parser never delivers more than it
 * declares); a chunked body is read up to the limit and handed on as the bytes read. The JSON
 * that Yoga's parser is about to `JSON.parse` (all of a JSON body; the `variables` and
 * `extensions` of a url-encoded one) is refused with `400 LIMIT_EXCEEDED` when it nests or holds
 * more than `shape` allows (`jsonShapeProblem`). Neither Yoga nor the node:http adapter bounds
 * bodies.
 *
 * ```ts
 * createYoga({ schema, plugins: [useBodyLimit({ maxBytes: 4 * 1024 * 1024, shape: { depth: 64, members: 100_000 } })] });
 * ```
 */
export function useBodyLimit({ maxBytes, shape }: { maxBytes: number; shape: JsonShape }): Plugin {
  const tooLarge = (fetchAPI: { Response: typeof Response }) =>
    fetchAPI.Response.json(
      {
        errors: [
          {
            message: `The request body is larger than this service takes (${maxBytes} bytes). Send fewer writes per request, or split the operation.`,
            extensions: { code: 'LIMIT_EXCEEDED' },
          },
        ],
      },
      { status: 413 },
    );

  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.body === null) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) endResponse(tooLarge(fetchAPI));
        return;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = request.body.getReader();
      try {
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          size += read.value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            return endResponse(tooLarge(fetchAPI));
          }
          chunks.push(read.value);
        }
      } catch {
        // The client went away mid-body; there is nobody to answer.
        return endResponse(new fetchAPI.Response(null, { status: 400 }));
      }
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks) }));
    },
    // Around the parser Yoga chose, so the request every other plugin sees stays the same object.
    onRequestParse({ requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        if (request.method !== 'POST') return requestParser(request);
        const body = Buffer.from(await request.arrayBuffer());
        const problem = jsonInside(request.headers.get('content-type') ?? '', body)
          .map((json) => jsonShapeProblem(json, shape))
          .find(Boolean);
        if (problem) throw createGraphQLError(problem, { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } });
        return requestParser(new fetchAPI.Request(request.url, { method: 'POST', headers: request.headers, body }));
      });
    },
  };
}

/**
 * The JSON that Yoga will parse out of a body: all of a JSON body, the `variables` and
 * `extensions` of a url-encoded one (sent by scripts with the CSRF header). Multipart is off
 * (`multipart: false`): this schema takes no uploads.
 */
function jsonInside(contentType: string, body: Buffer): Uint8Array[] {
  if (contentType.includes('json')) return [body];
  if (!contentType.includes('application/x-www-form-urlencoded')) return [];
  const params = new URLSearchParams(body.toString());
  return ['variables', 'extensions'].flatMap((name) => {
    const value = params.get(name);
    return value === null ? [] : [Buffer.from(value)];
  });
}
