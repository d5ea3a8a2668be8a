import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { startTracing } from './observability/start-tracing.js';
import { startServer } from './server.js';

/** `npm start`: the service, against Cronofy or, with no upstream configured, the embedded simulator. */
async function main(): Promise<void> {
  let config = loadConfig();
  const logger = createLogger(config.logLevel);
  let stopSimulator = async () => {};
  if (config.useSimulator) {
    // Loaded only here, so the service itself never depends on the simulator.
    const { CronofySimulator, DEMO_ACCESS_TOKEN } = await import('./simulator/index.js');
    // Nothing reads the calls of a long-running simulator: not keeping them keeps its memory flat.
    const simulator = await CronofySimulator.start({ recordCalls: false });
    config = Object.freeze({ ...config, cronofyApiUrl: simulator.url, demoAccessToken: DEMO_ACCESS_TOKEN });
    stopSimulator = () => simulator.close();
    logger.info(
      { simulator: simulator.url },
      `Simulator mode: neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER is set, so writes go to the embedded Cronofy simulator at ${simulator.url}. ` +
        'Requests without an Authorization header use its demo account (calendars cal_demo_work and cal_demo_home).',
    );
  }
  // Before the server: it adds its spans only when a tracer provider is registered (OTEL_* variables).
  const tracing = await startTracing(process.env, { logger });
  if (tracing) logger.info('Tracing: spans are exported as the OTEL_* variables say (see docs/tracing.md).');
  const server = await startServer(config, { logger });
  // Which browser origins may call it: the first thing to check when a frontend's requests fail.
  logger.info(
    { url: server.url, dataCenter: config.dataCenter, corsOrigins: config.corsOrigins },
    `GraphQL${config.graphiql ? ' and GraphiQL' : ''} at ${server.url}`,
  );
  if (server.metricsUrl) logger.info({ metrics: server.metricsUrl }, `Metrics at ${server.metricsUrl} (not on the API port)`);
  if (config.metrics === 'off') {
    logger.info(
      'Metrics are not served: NODE_ENV=production and METRICS_PORT is not set. Set METRICS_PORT to serve GET /metrics on a port of its own (or to the value of PORT to serve it on the API port).',
    );
  }

  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, `${signal}: no new requests; answering those in flight (at most ${config.shutdownTimeoutMs} ms).`);
    await server.close();
    await tracing?.shutdown();
    await stopSimulator();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
