import module from 'node:module';
import { type Config, ConfigError, loadConfig } from './config.js';
import { DATA_CENTERS } from './cronofy/data-centers.js';
import { stdoutLogger } from './observability/logger.js';
import { staleBuild } from './stale-build.js';

/** `npm start`: the service, against Cronofy or, with no upstream configured, the embedded simulator. */
async function main(): Promise<void> {
  // Node.js 22.1 and later keep V8's compiled code of every module in the OS's temporary folder
  // (validated by content), so later starts skip most of the compiling. Node.js 20 has no such cache.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  let config = loadConfig();
  const logger = stdoutLogger(config);
  const stale = staleBuild(import.meta.url);
  if (stale) logger.warn(stale);
  // Loaded after the configuration is read, and each only where it is used: a configuration error
  // answers at once, and production never loads the simulator nor, without OTEL_*, the tracing SDK.
  const simulating = config.useSimulator ? startSimulator() : undefined;
  const [{ startTracing }, { startServer }, simulator] = await Promise.all([
    import('./observability/start-tracing.js'),
    import('./server.js'),
    simulating,
  ]);
  // Config is read-only: simulator mode is a new one, pointed at the simulator.
  if (simulator) config = Object.freeze({ ...config, cronofyApiUrl: simulator.url, demoAccessToken: simulator.demoAccessToken });
  // Before the server: it adds its spans only when a tracer provider is registered (OTEL_* variables).
  const tracing = await startTracing(process.env, { logger });
  const server = await startServer(config, { logger }).catch(async (error: unknown) => {
    await simulator?.close();
    throw error;
  });

  // Which Cronofy it writes to, where to go, and how to write: what a person reads first. The
  // line with the URL comes last but one: it says the server is ready.
  if (simulator) {
    logger.info(
      { simulator: simulator.url },
      `Simulator mode: neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER is set, so writes go to the embedded Cronofy simulator at ${simulator.url}. ` +
        'Requests without an Authorization header use its demo account (calendars cal_demo_work and cal_demo_home).',
    );
  } else {
    const upstream = config.cronofyApiUrl ?? `https://${DATA_CENTERS[config.dataCenter]}`;
    logger.info(
      { upstream },
      `Cronofy: writes go to ${upstream}` +
        (config.cronofyApiUrl
          ? ' (CRONOFY_API_URL)'
          : ` (data center ${config.dataCenter}; a request may name another in a Cronofy-Data-Center header)`) +
        (config.serverCredentials
          ? "; a request without an Authorization header writes as the server's own account (CRONOFY_CLIENT_ID)."
          : "; each request's Authorization: Bearer token says whose calendars."),
    );
  }
  if (tracing) logger.info('Tracing: spans are exported as the OTEL_* variables say (see docs/tracing.md).');
  if (server.metricsUrl) logger.info({ metrics: server.metricsUrl }, `Metrics at ${server.metricsUrl} (not on the API port)`);
  if (config.metrics === 'off') {
    logger.info(
      'Metrics are not served: NODE_ENV=production and METRICS_PORT is not set. Set METRICS_PORT to serve GET /metrics on a port of its own (or to the value of PORT to serve it on the API port).',
    );
  }

  // Which browser origins may call it: the first thing to check when a frontend's requests fail.
  logger.info(
    { url: server.url, ...(!simulator && { dataCenter: config.dataCenter }), corsOrigins: config.corsOrigins },
    config.graphiql
      ? `GraphQL and GraphiQL at ${server.url} (open it in a browser: its first tab holds an example operation)`
      : `GraphQL at ${server.url}`,
  );
  if (config.logFormat === 'pretty') logger.info(`First mutation: ${firstMutation(server.url, config)}`);

  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, `${signal}: no new requests; answering those in flight (at most ${config.shutdownTimeoutMs} ms).`);
    await server.close();
    await tracing?.shutdown();
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The embedded simulator, for `npm start` with no upstream configured, and its demo account's token. */
async function startSimulator() {
  // Loaded only here, so the service itself never depends on the simulator.
  const { CronofySimulator, DEMO_ACCESS_TOKEN } = await import('./simulator/index.js');
  // Nothing reads the calls of a long-running simulator: not keeping them keeps its memory flat.
  const simulator = await CronofySimulator.start({ recordCalls: false });
  return { url: simulator.url, demoAccessToken: DEMO_ACCESS_TOKEN, close: () => simulator.close() };
}

/** A curl command line that writes once, as whoever a request without Authorization writes as (or with a token to fill in). */
function firstMutation(url: string, config: Config): string {
  const calendar = config.useSimulator ? 'cal_demo_work' : 'YOUR_CALENDAR_ID';
  const query = `mutation { deleteEvent(input: { calendarId: \\"${calendar}\\", eventId: \\"hello\\" }) { __typename ... on Error { message } } }`;
  const token = config.useSimulator || config.serverCredentials ? '' : ` -H "Authorization: Bearer $ACCESS_TOKEN"`;
  return `curl -s ${url} -H 'content-type: application/json'${token} -d '{"query":"${query}"}'`;
}

main().catch((error: unknown) => {
  // A setting to change needs one plain line, not a stack.
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
