import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

/**
 * Collects GraphQL request, phase and error metrics (`graphql_envelop_*`,
 * `graphql_yoga_http_duration`) into `registry`, beside whatever else is there (the process' own,
 * see `collectProcessMetrics`, and the layer's `cronofy_*`, see `UpstreamMetrics`), and tells
 * `loop` of each GraphQL request, so it samples the event loop while there is work. With `serve`,
 * Yoga answers `GET /metrics` in Prometheus' text format; without it, `metricsListener` serves
 * them on a port of their own and Yoga answers 404 there.
 *
 * ```ts
 * const registry = new Registry();
 * createYoga({ schema, plugins: [useMetrics(registry, { serve: true, loop: collectProcessMetrics(registry) })] });
 * ```
 *
 * Each server has its own registry, so several servers in one process (tests) never clash.
 */
export function useMetrics(registry: Registry, { serve, loop }: { serve: boolean; loop: { busy(): void } }): Plugin {
  const prometheus = usePrometheus({
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
  return {
    onPluginInit: ({ addPlugin }) => addPlugin(prometheus),
    // Only GraphQL requests: scrapes of /metrics would otherwise keep the sampler awake.
    onParams: () => loop.busy(),
  };
}
