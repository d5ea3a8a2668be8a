import type { Plugin } from 'graphql-yoga';
import { type JsonShape, jsonShapeProblem } from './json-shape.js';

/**
 * Bounds a request body before Yoga parses it: over `maxBytes` it is refused with `413` (a
 * declared `Content-Length` is judged unread; a chunked body is read up to the limit), and a JSON
 * body nested or membered beyond `shape` is refused with `400 LIMIT_EXCEEDED` before `JSON.parse`
 * sees it (`jsonShapeProblem`; for a url-encoded body, its `variables` and `extensions`). Neither
 * Yoga nor the node:http adapter bounds bodies. The body is read once here and handed on as the
 * bytes read.
 *
 * ```ts
 * createYoga({ schema, plugins: [useBodyLimit({ maxBytes: 4 * 1024 * 1024, shape: { depth: 64, members: 100_000 } })] });
 * ```
 */
export function useBodyLimit({ maxBytes, shape }: { maxBytes: number; shape: JsonShape }): Plugin {
  const refuse = (fetchAPI: { Response: typeof Response }, status: number, message: string) =>
    fetchAPI.Response.json({ errors: [{ message, extensions: { code: 'LIMIT_EXCEEDED' } }] }, { status });
  const tooLarge = (fetchAPI: { Response: typeof Response }) =>
    refuse(
      fetchAPI,
      413,
      `The request body is larger than this service takes (${maxBytes} bytes). Send fewer writes per request, or split the operation.`,
    );

  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.body === null) return;
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) return endResponse(tooLarge(fetchAPI));
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
      const body = Buffer.concat(chunks);
      const problem = jsonInside(request.headers.get('content-type') ?? '', body)
        .map((json) => jsonShapeProblem(json, shape))
        .find(Boolean);
      if (problem) return endResponse(refuse(fetchAPI, 400, problem));
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }));
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
