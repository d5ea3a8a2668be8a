import type { RequestListener } from 'node:http';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { type Histogram, Registry } from 'prom-client';
import type { CallEvent } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import type { RedisState } from '../fleet/redis-connection.js';
import type { AttemptEvent } from '../resilience/resilient-upstream.js';
import { withHealthChecks } from './health.js';
import { attemptLogger, logAttempt, type Logger, stdoutLogger, yogaLogger } from './logger.js';
import { UpstreamMetrics } from './metrics.js';
import { metricsListener } from './metrics-listener.js';
import { collectProcessMetrics } from './process-metrics.js';
import { tracingIsOn } from './tracing.js';
import { useMetrics } from './use-metrics.js';
import { useTracing } from './use-tracing.js';

/** A readiness probe waits at most this long, whatever CRONOFY_TIMEOUT_MS says: orchestrators time out probes early. */
const READY_TIMEOUT_MS = 2_000;

export interface Observability {
  logger: Logger;
  /** For `ResilientUpstream`: one log line and the request metrics per HTTP attempt. */
  onAttempt(event: AttemptEvent): void;
  /** For `Batcher`: entries and coalesced operations per call. */
  onCall(event: CallEvent): void;
  /** For `Batcher`: writes answered RATE_LIMITED for want of a slot. */
  onNoSlot(event: { dataCenter: string; writes: number }): void;
  /** With REDIS_URL: whether the fleet's budget is shared now, as a gauge. */
  watchRedis(usable: () => boolean): void;
  /** Spread into `createGraphQLHandler`'s services: Yoga's logger, `/metrics` and, with a tracer provider, the operation spans. */
  yoga: { logging: YogaLogger; plugins: Plugin[] };
  /** Puts `/health` and `/ready` in front of the GraphQL handler; `redis` adds the fleet's Redis to readiness. */
  withHealthChecks(handler: RequestListener, fleet?: { redis?: (() => RedisState) | undefined }): RequestListener;
  /** `GET /metrics` for a server of its own, when `config.metrics` gives a port. */
  metricsListener: RequestListener;
  /**
   * For the trusted lane (`withTrustedLane`), whose requests Yoga never sees: each one it answers
   * is observed in `graphql_yoga_http_duration`, with the labels Yoga's would have.
   */
  onLaneAnswer(status: number, seconds: number): void;
}

/**
 * Logs, metrics and health checks of one server, with a registry of its own.
 *
 * ```ts
 * const observed = observe(config, { origin: client.origin(config.dataCenter) });
 * const batcher = new Batcher(new ResilientUpstream(client, config, { budget, onAttempt: observed.onAttempt }), { budget, onCall: observed.onCall });
 * createServer(observed.withHealthChecks(createGraphQLHandler(config, { batcher, ...observed.yoga })));
 * ```
 */
export function observe(config: Config, options: { origin: string; logger?: Logger | undefined }): Observability {
  const logger = options.logger ?? stdoutLogger(config);
  const registry = new Registry();
  const metrics = new UpstreamMetrics(registry);
  const loop = collectProcessMetrics(registry);
  const attempts = attemptLogger(logger);
  // A person at a terminal sees every call; log pipelines get the calls worth a line (see logAttempt).
  const everyCall = config.logFormat === 'pretty';
  let httpDuration: Histogram | undefined;
  return {
    logger,
    onAttempt(event) {
      logAttempt(attempts, event, everyCall);
      metrics.attempt(event);
    },
    onCall: (event) => metrics.call(event),
    onNoSlot: (event) => metrics.noSlot(event),
    watchRedis: (usable) => metrics.sharedBudget(usable),
    yoga: {
      logging: yogaLogger(logger),
      // Spans only when an OpenTelemetry SDK is registered (OTEL_* variables, see startTracing).
      plugins: [useMetrics(registry, { serve: config.metrics === 'api', loop }), ...(tracingIsOn() ? [useTracing()] : [])],
    },
    withHealthChecks: (handler, fleet) =>
      withHealthChecks(handler, {
        origin: options.origin,
        dataCenter: config.dataCenter,
        timeoutMs: Math.min(config.timeoutMs, READY_TIMEOUT_MS),
        redis: fleet?.redis,
      }),
    metricsListener: metricsListener(registry),
    onLaneAnswer(status, seconds) {
      loop.busy();
      httpDuration ??= registry.getSingleMetric('graphql_yoga_http_duration') as Histogram | undefined;
      httpDuration?.observe({ operationType: 'mutation', method: 'POST', statusCode: status }, seconds);
    },
  };
}
