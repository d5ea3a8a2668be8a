import { diag, type DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ConfigError } from '../config.js';
import type { Logger } from './logger.js';

/** The OpenTelemetry SDK this process registered; `shutdown` exports what is left. */
export interface Tracing {
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops; the API's tracer is a no-op again afterwards. */
  shutdown(): Promise<void>;
}

/**
 * Whether the standard OTEL_* variables ask for traces: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), or an exporter named in
 * `OTEL_TRACES_EXPORTER` (`otlp`, `console`). `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` switch it off. With none of them set nothing is exported, and the
 * SDK is not even loaded.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = exportersOf(env);
  if (exporters) return !exporters.includes('none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Registers OpenTelemetry's Node.js tracer provider when the OTEL_* variables ask for it
 * (`tracingRequested`), and answers undefined otherwise. The SDK reads its own variables:
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (the resource), `OTEL_TRACES_SAMPLER` and
 * `OTEL_TRACES_SAMPLER_ARG`, `OTEL_BSP_*` (batching), `OTEL_EXPORTER_OTLP_*` (endpoint, headers,
 * timeout, compression). This function reads only what picks the exporter:
 * `OTEL_TRACES_EXPORTER` and `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` (`http/protobuf`, the
 * default, is the one available). W3C `traceparent`/`tracestate` and `baggage` are the propagators.
 *
 * ```ts
 * const tracing = await startTracing(process.env, { logger });
 * // ... startServer(...) sees the registered provider and adds its spans
 * await tracing?.shutdown();
 * ```
 *
 * `exporter` replaces the one the variables name and switches tracing on (tests: an in-memory one).
 */
export async function startTracing(
  env: NodeJS.ProcessEnv = process.env,
  options: { logger?: Logger; exporter?: SpanExporter } = {},
): Promise<Tracing | undefined> {
  if (!options.exporter && !tracingRequested(env)) return undefined;
  const exporters = options.exporter ? [] : (exportersOf(env) ?? ['otlp']);
  for (const name of exporters) {
    if (name !== 'otlp' && name !== 'console') {
      throw new ConfigError(`OTEL_TRACES_EXPORTER: "${name}" is not available here; use otlp, console or none.`);
    }
  }
  if (options.logger) diag.setLogger(diagLogger(options.logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

  // Loaded only when tracing is on: a process without OTEL_* variables never loads the SDK.
  const [{ NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
  ]);
  const chosen: SpanExporter[] = options.exporter ? [options.exporter] : [];
  for (const name of exporters) chosen.push(name === 'console' ? new ConsoleSpanExporter() : await otlpExporter(env));
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': 'cronofy-batch-graphql' }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the name above.
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: chosen.map((exporter) => new BatchSpanProcessor(exporter)),
  });
  // W3C trace context and baggage as propagators; no context manager: this service passes its
  // spans' context explicitly, and AsyncLocalStorage would cost every promise on Node.js 20 and 22.
  provider.register({ contextManager: null });
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      const { trace, propagation } = await import('@opentelemetry/api');
      trace.disable();
      propagation.disable();
    },
  };
}

function exportersOf(env: NodeJS.ProcessEnv): string[] | undefined {
  const names = env.OTEL_TRACES_EXPORTER?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return names && names.length > 0 ? names : undefined;
}

/**
 * OTLP over HTTP in protobuf, the protocol OTLP's specification makes the default and every
 * receiver takes (a collector on port 4318); the exporter reads the rest of its variables.
 */
async function otlpExporter(env: NodeJS.ProcessEnv): Promise<SpanExporter> {
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = env[variable]?.trim() || 'http/protobuf';
  if (protocol !== 'http/protobuf') {
    throw new ConfigError(
      `${variable}: "${protocol}" is not available here; use http/protobuf (the default), which every OTLP receiver takes ` +
        '(an OpenTelemetry collector on port 4318).',
    );
  }
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
}

/** The SDK's own warnings (an export that failed, a span over its limits) as log lines. */
function diagLogger(logger: Logger): DiagLogger {
  const otel = logger.child({ component: 'opentelemetry' });
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => otel[level](message);
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), verbose: line('debug') };
}
