import type { RequestListener } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` of `registry` for a server of its own (`METRICS_PORT`), so the API port need not
 * hand metrics to the public; every other path is 404.
 *
 * ```ts
 * createServer(metricsListener(registry)).listen(9464, '127.0.0.1');
 * ```
 */
export function metricsListener(registry: Registry): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at GET /metrics.\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected.\n'),
    );
  };
}
