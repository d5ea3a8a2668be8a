import type { RequestListener } from 'node:http';

/**
 * Bounds the request bodies the process holds at once, all connections together. Each request
 * with a body reserves its declared `Content-Length` (a chunked one, which declares none, the
 * largest body allowed) until its response is finished or its connection closes; a request whose
 * reservation does not fit is answered `503` with `Retry-After: 1` before a byte of its body is
 * read. Without it, a few hundred slow uploads of the largest allowed size could hold gigabytes.
 *
 * ```ts
 * createServer(withBodyBudget(yoga, { maxBytes: 64 << 20, bodyBytes: 4 << 20 }));
 * ```
 *
 * A declared length over `bodyBytes` reserves nothing: `useBodyLimit` refuses it with 413 unread.
 */
export function withBodyBudget(next: RequestListener, { maxBytes, bodyBytes }: { maxBytes: number; bodyBytes: number }): RequestListener {
  let held = 0;
  return (req, res) => {
    const declared = req.headers['content-length'];
    const chunked = declared === undefined && req.headers['transfer-encoding'] !== undefined;
    const length = chunked ? bodyBytes : Number(declared ?? 0);
    const reserved = Number.isFinite(length) && length <= bodyBytes ? length : 0;
    if (reserved === 0) return next(req, res);
    if (held + reserved > maxBytes) {
      const body = JSON.stringify({
        errors: [
          {
            message: `This service is reading as many request bodies as it holds at once (${maxBytes} bytes); try again in a second.`,
            extensions: { code: 'OVERLOADED' },
          },
        ],
      });
      // The unread body is not wanted: the connection closes after this answer.
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1', connection: 'close' });
      res.end(body);
      return;
    }
    held += reserved;
    res.once('close', () => (held -= reserved));
    return next(req, res);
  };
}
