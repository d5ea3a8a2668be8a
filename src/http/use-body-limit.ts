import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { BodyBudget } from './body-budget.js';
import { type JsonShape, jsonShapeProblem } from './json-shape.js';

export interface BodyLimits {
  /** One request body, in bytes: over it, `413`. */
  maxBytes: number;
  /** Bytes of request bodies being read at once, all requests together: past it, `503`. */
  maxBytesInFlight: number;
  /** How deep and full the JSON that Yoga will parse may be. */
  shape: JsonShape;
  /** Where the bytes in flight are counted, when another reader shares them (the trusted lane); else one of its own. */
  budget?: BodyBudget | undefined;
}

/**
 * Reads every request body for Yoga's parser, and bounds it before Yoga parses it:
 * - over `maxBytes` it is refused with `413` (a declared `Content-Length` unread; a chunked body
 *   as soon as it grows past it);
 * - the bytes of all bodies being read at once are charged to `maxBytesInFlight` as they arrive
 *   and released when a body has been parsed: a request whose bytes do not fit is answered `503`
 *   with `Retry-After: 1`. Charging what has arrived, not what is declared, means headers alone
 *   hold nothing: an attacker must send the bytes it wants held, and stalled uploads are cut by
 *   `REQUEST_TIMEOUT_MS`;
 * - the JSON that Yoga's parser is about to `JSON.parse` (all of a JSON body; the `variables` and
 *   `extensions` of a url-encoded one) is refused with `400 LIMIT_EXCEEDED` when it nests or holds
 *   more than `shape` allows (`jsonShapeProblem`).
 *
 * Neither Yoga nor the node:http adapter bounds bodies. The parser Yoga chose is wrapped, not
 * replaced, so the request every other plugin sees stays the same object.
 *
 * ```ts
 * createYoga({ schema, plugins: [useBodyLimit({ maxBytes: 4 << 20, maxBytesInFlight: 64 << 20, shape: { depth: 64, members: 100_000 } })] });
 * ```
 */
export function useBodyLimit({ maxBytes, maxBytesInFlight, shape, budget = new BodyBudget(maxBytesInFlight) }: BodyLimits): Plugin {
  const refuse = (status: number, code: string, message: string) => createGraphQLError(message, { extensions: { code, http: { status } } });
  const tooLarge = () =>
    refuse(
      413,
      'LIMIT_EXCEEDED',
      `The request body is larger than this service takes (${maxBytes} bytes). Send fewer writes per request, or split the operation.`,
    );

  /** The body's bytes, charged to `inFlight` while they are held; released by the caller. */
  const read = async (request: Request, charged: { bytes: number }): Promise<Buffer<ArrayBuffer>> => {
    const chunks: Uint8Array[] = [];
    const reader = request.body!.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        charged.bytes += next.value.byteLength;
        const fits = budget.take(next.value.byteLength);
        if (charged.bytes > maxBytes) throw tooLarge();
        if (!fits) {
          throw refuse(
            503,
            'OVERLOADED',
            `This service is reading as many request bodies as it holds at once (${budget.maxBytesInFlight} bytes); try again in a second.`,
          );
        }
        chunks.push(next.value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    return Buffer.concat(chunks);
  };

  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) {
        endResponse(
          fetchAPI.Response.json({ errors: [{ message: tooLarge().message, extensions: { code: 'LIMIT_EXCEEDED' } }] }, { status: 413 }),
        );
      }
    },
    onRequestParse({ requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        if (request.body === null) return requestParser(request);
        const charged = { bytes: 0 };
        try {
          const body = await read(request, charged);
          const problem = jsonInside(request.headers.get('content-type') ?? '', body)
            .map((json) => jsonShapeProblem(json, shape))
            .find(Boolean);
          if (problem) throw refuse(400, 'LIMIT_EXCEEDED', problem);
          return await requestParser(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }));
        } finally {
          budget.release(charged.bytes);
        }
      });
    },
    onResponse({ response }) {
      if (response.status === 503) response.headers.set('retry-after', '1');
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
