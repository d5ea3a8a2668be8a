import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { request } from 'undici';
import type { DataCenterId } from '../cronofy/data-centers.js';
import type { RedisState } from '../fleet/redis-connection.js';

export interface HealthOptions {
  /** The Cronofy origin writes go to (the data center's, or `CRONOFY_API_URL`). */
  origin: string;
  dataCenter: DataCenterId;
  /** Bound on the readiness probe. */
  timeoutMs: number;
  /** With REDIS_URL: whether the fleet's shared state is usable now. */
  redis?: (() => RedisState) | undefined;
}

/**
 * `GET /health` and `GET /ready` in front of the GraphQL handler, answered before Yoga so they
 * depend on nothing but the process and, for readiness, the network path to Cronofy.
 *
 * ```ts
 * createServer(withHealthChecks(yoga, { origin: 'https://api.cronofy.com', dataCenter: 'us', timeoutMs: 2000 }));
 * ```
 *
 * - `/health` (liveness): 200 `{"status":"ok"}` while the process serves HTTP at all.
 * - `/ready` (readiness): 200 when Cronofy's origin answers an HTTP request within `timeoutMs`,
 *   503 when it does not (refused, reset, DNS, TLS, timeout, or a 5xx), saying why. With
 *   REDIS_URL it also says whether Redis is usable: when it is not, the answer stays 200 (the
 *   instance serves, at its fallback share of the call budget) with `"status": "degraded"`, so a
 *   load balancer keeps every instance while Redis is away.
 */
export function withHealthChecks(next: RequestListener, options: HealthOptions): RequestListener {
  const probe = upstreamProbe(options);
  return (req, res) => {
    // Parsing every GraphQL request's URL to learn that it is not a probe cost 1.4 % of a 50-field
    // mutation's CPU; a URL without either word cannot have either path.
    if (req.url !== undefined && !MAYBE_PROBE.test(req.url)) return next(req, res);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health') return send(res, 200, { status: 'ok' });
    if (path === '/ready') {
      void probe().then((upstream) => {
        const redis = options.redis?.();
        const status = !upstream.reachable ? 'not ready' : redis && !redis.reachable ? 'degraded' : 'ready';
        send(res, upstream.reachable ? 200 : 503, { status, upstream, ...(redis && { redis }) });
      });
      return;
    }
    return next(req, res);
  };
}

/** Node's parser refuses the tabs and newlines that WHATWG URL parsing would drop from within a word. */
const MAYBE_PROBE = /health|ready/;

export interface UpstreamState {
  dataCenter: DataCenterId;
  reachable: boolean;
  /** The HTTP status Cronofy's origin answered the probe with. */
  status?: number;
  reason?: string;
}

/**
 * A plain `GET /` on the origin: no token, no write, not counted against a user's limits. Any
 * answer below 500 (Cronofy answers 404 there) shows DNS, TCP, TLS and Cronofy's front end work.
 * Concurrent readiness checks share one probe in flight.
 */
function upstreamProbe({ origin, dataCenter, timeoutMs }: HealthOptions): () => Promise<UpstreamState> {
  let inFlight: Promise<UpstreamState> | undefined;
  const run = async (): Promise<UpstreamState> => {
    try {
      const response = await request(`${origin}/`, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
      await response.body.dump().catch(() => undefined);
      const reachable = response.statusCode < 500;
      return {
        dataCenter,
        reachable,
        status: response.statusCode,
        ...(!reachable && { reason: `Cronofy answered ${response.statusCode}` }),
      };
    } catch (error) {
      return { dataCenter, reachable: false, reason: describe(error, timeoutMs) };
    }
  };
  return () => (inFlight ??= run().finally(() => (inFlight = undefined)));
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED' ? 'connection refused' : `connection failed (${code ?? 'network error'})`;
}

function send(res: ServerResponse<IncomingMessage>, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
