import type { Plugin } from 'graphql-yoga';

/**
 * Refuses a request body over `maxBytes` with `413` and a GraphQL error, before Yoga reads it.
 * Neither Yoga nor the node:http adapter bounds bodies. A declared `Content-Length` is enough to
 * judge (node's parser never delivers more than it declares); a chunked body is read up to the
 * limit and handed on as the bytes read.
 *
 * ```ts
 * createYoga({ schema, plugins: [useBodyLimit(4 * 1024 * 1024)] });
 * ```
 */
export function useBodyLimit(maxBytes: number): Plugin {
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
  };
}
