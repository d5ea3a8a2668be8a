import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * Collects GraphQL request, phase and error metrics (`graphql_envelop_*`,
 * `graphql_yoga_http_duration`) and the process' own (`process_*`, `nodejs_*`) into `registry`,
 * beside whatever else is there (the layer's `cronofy_*`, see `UpstreamMetrics`). With `serve`,
 * Yoga answers `GET /metrics` in Prometheus' text format; without it, `metricsListener` serves
 * them on a port of their own and Yoga answers 404 there.
 *
 * ```ts
 * const registry = new Registry();
 * createYoga({ schema, plugins: [useMetrics(registry, { serve: true })] });
 * ```
 *
 * Each server has its own registry, so several servers in one process (tests) never clash.
 */
export function useMetrics(registry: Registry, { serve }: { serve: boolean }): Plugin {
  // prom-client samples event-loop delay with a timer every 10 ms by default: 3-5 ms of CPU a
  // second on an instance that serves nothing. Once a second costs nothing measurable, and a block
  // long enough to matter still lands in the `nodejs_eventloop_lag_*` figures whenever it spans
  // a sample; `nodejs_eventloop_lag_seconds` itself is measured at each scrape.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1000 });
  return usePrometheus({
    registry,
    endpoint: serve && '/metrics',
    skipIntrospection: true,
    // Operation names, aliases (error paths) and URLs are chosen by callers: as labels they would
    // let any client grow the number of series without bound.
    labels: { operationName: false, path: false, url: false },
    // Deprecated-field counting walks every document with TypeInfo on every request: 13% of the CPU
    // of a 50-mutation operation, for a schema with no deprecated fields.
    metrics: { graphql_envelop_request_time_summary: false, graphql_envelop_deprecated_field: false },
  });
}
