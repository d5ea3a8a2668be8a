import type { Plugin } from 'graphql-yoga';
import { type JsonShape, jsonShapeProblem } from './json-shape.js';

/**
 * Bounds a request body before Yoga parses it: over `maxBytes` it is refused with `413` (a
 * declared `Content-Length` is judged unread; a chunked body is read up to the limit), and a JSON
 * body nested or membered beyond `shape` is refused with `400 LIMIT_EXCEEDED` before `JSON.parse`
 * sees it (`jsonShapeProblem`). Neither Yoga nor the node:http adapter bounds bodies. The body is
 * read once here and handed on as the bytes read.
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
      if (request.headers.get('content-type')?.includes('json')) {
        const problem = jsonShapeProblem(body, shape);
        if (problem) return endResponse(refuse(fetchAPI, 400, problem));
      }
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }));
    },
  };
}
