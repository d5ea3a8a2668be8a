import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Batcher } from './batcher/batcher.js';
import { type Config, ConfigError } from './config.js';
import { CronofyClient } from './cronofy/client.js';
import { bearerToken, type Credential, ServerCredentials } from './cronofy/credentials.js';
import { type CallBudget, MemoryCallBudget, takeSlot } from './fleet/call-budget.js';
import type { RedisConnection } from './fleet/redis-connection.js';
import { servedRules } from './http/operation-rules.js';
import { BodyBudget } from './http/body-budget.js';
import { loadTrustedDocuments } from './http/trusted-documents.js';
import { type Handoff, withTrustedLane } from './http/trusted-lane.js';
import { createGraphQLHandler } from './http/yoga.js';
import type { Logger } from './observability/logger.js';
import { observe } from './observability/observe.js';
import { tracingIsOn } from './observability/tracing.js';
import { ResilientUpstream } from './resilience/resilient-upstream.js';
import { schema } from './schema/index.js';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  url: string;
  /** `http://127.0.0.1:9464/metrics` when metrics have a port of their own (`METRICS_PORT`). */
  metricsUrl: string | undefined;
  batcher: Batcher;
  close(): Promise<void>;
}

/**
 * Wires the layers top to bottom (HTTP → Yoga → schema → batcher → Cronofy client) and listens.
 *
 * ```ts
 * const server = await startServer({ ...loadConfig(), port: 0, cronofyApiUrl: simulator.url });
 * await fetch(server.url, { method: 'POST', ... });
 * await server.close();
 * ```
 *
 * Logs go to `options.logger`, or as JSON lines to stdout at `config.logLevel`. Trusted mutations
 * sent by id take the trusted lane (`withTrustedLane`) unless tracing is on or `options.trustedLane`
 * is `false` (tests compare the two).
 */
export async function startServer(
  config: Config,
  options: {
    logger?: Logger;
    /** `false` sends every request through Yoga; `onHandoff` hears why the lane handed one to Yoga (tests). */
    trustedLane?: false | { onHandoff?: (reason: Handoff) => void };
  } = {},
): Promise<RunningServer> {
  // First: a manifest that does not load stops start-up before anything connects anywhere.
  const trustedDocuments = loadTrustedDocuments(config.trustedDocuments.manifests, schema, {
    rules: servedRules(config),
    maxTokens: config.limits.tokens,
  });
  const client = new CronofyClient({ baseUrl: config.cronofyApiUrl, timeoutMs: config.timeoutMs });
  const observed = observe(config, { origin: client.origin(config.dataCenter), logger: options.logger });
  // A fleet shares its call budget and the server's tokens through Redis; one instance alone keeps them in memory.
  const { fleet } = config;
  const rates = { perSecond: fleet.ratePerSecond, perMinute: fleet.ratePerMinute };
  // ioredis and the shared budget are loaded only for a fleet: one instance alone never pays for them.
  const shared = fleet.redisUrl ? await loadFleetModules() : undefined;
  const redis =
    shared && fleet.redisUrl
      ? new shared.RedisConnection(fleet.redisUrl, { timeoutMs: fleet.redisTimeoutMs, logger: observed.logger })
      : undefined;
  const budget = shared && redis ? new shared.SharedCallBudget(redis, rates, { fleetSize: fleet.sizeHint }) : new MemoryCallBudget(rates);
  const upstream = new ResilientUpstream(client, config, { budget, onAttempt: observed.onAttempt });
  const batcher = new Batcher(upstream, { budget, slotWaitMs: fleet.slotWaitMs, onCall: observed.onCall, onNoSlot: observed.onNoSlot });
  if (redis) observed.watchRedis(() => redis.usable);
  const fallback = fallbackCredential(config, client, { redis, budget, logger: observed.logger, modules: shared });
  const bodyBudget = new BodyBudget(config.limits.bodiesInFlightBytes);
  const yoga = createGraphQLHandler(config, { batcher, fallbackCredential: fallback, trustedDocuments, bodyBudget, ...observed.yoga });
  // With tracing on, every request goes through Yoga, whose plugin makes the operation spans.
  const handler =
    trustedDocuments && options.trustedLane !== false && !tracingIsOn()
      ? withTrustedLane(
          yoga,
          {
            config,
            trusted: trustedDocuments,
            batcher,
            fallbackCredential: fallback,
            bodyBudget,
            onAnswer: observed.onLaneAnswer,
          },
          options.trustedLane?.onHandoff,
        )
      : yoga;
  if (trustedDocuments) {
    observed.logger.info(
      {
        trustedDocuments: trustedDocuments.size,
        manifests: config.trustedDocuments.manifests,
        trustedDocumentsOnly: config.trustedDocuments.only,
      },
      `${trustedDocuments.size} trusted documents loaded; ` +
        (config.trustedDocuments.only
          ? 'only they run (TRUSTED_DOCUMENTS_ONLY=false would accept any document).'
          : 'any other document runs too (TRUSTED_DOCUMENTS_ONLY=true would refuse them).'),
    );
  }
  const { limits } = config;
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // How often Node looks for connections past those timeouts: twice per headers timeout cuts a
      // stalled request within 1.5 times its timeout. Once a second was most of an idle instance's
      // CPU (0.4-1.5 ms a second, against 0.2-0.3 at every 5 s).
      connectionsCheckingInterval: limits.headersTimeoutMs / 2,
    },
    observed.withHealthChecks(handler, { redis: redis && (() => redis.state) }),
  );
  const port = await listen(server, config.port, config.host, 'PORT');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let metricsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (typeof config.metrics === 'object') {
    metricsServer = createServer(observed.metricsListener);
    const metricsPort = await listen(metricsServer, config.metrics.port, config.host, 'METRICS_PORT').catch(async (error: unknown) => {
      await drain(server, 0);
      throw error;
    });
    metricsUrl = `http://${host}:${metricsPort}/metrics`;
  }
  return {
    url: `http://${host}:${port}/graphql`,
    metricsUrl,
    batcher,
    /**
     * Stops accepting, lets every request in flight get its answer (its writes are dispatched and
     * retried as usual), and after `shutdownTimeoutMs` cuts what is left.
     */
    async close() {
      const [forced] = await Promise.all([
        drain(server, config.shutdownTimeoutMs),
        metricsServer && drain(metricsServer, config.shutdownTimeoutMs),
      ]);
      // After the bound, upstream calls still open are cut too rather than waited for.
      await (forced ? client.destroy() : client.close());
      if (shared && fallback instanceof shared.SharedServerCredentials) fallback.close();
      await redis?.close();
    },
  };
}

/** What a fleet shares through Redis, loaded on demand. */
type FleetModules = Awaited<ReturnType<typeof loadFleetModules>>;

async function loadFleetModules() {
  const [{ RedisConnection }, { SharedCallBudget }, { SharedServerCredentials }] = await Promise.all([
    import('./fleet/redis-connection.js'),
    import('./fleet/shared-call-budget.js'),
    import('./fleet/shared-credentials.js'),
  ]);
  return { RedisConnection, SharedCallBudget, SharedServerCredentials };
}

/**
 * Listens, and resolves with the port it got (`port` 0 takes any free one). A port that is taken
 * or not ours to take is a ConfigError naming the `setting` to change.
 */
async function listen(server: Server, port: number, host: string, setting: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host, setting)));
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string, setting: string): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `port ${port} on ${host} is in use (another program, or an earlier start still running); set ${setting} to a free port, e.g. ${setting}=${port < 65535 ? port + 1 : port - 1}.`,
      );
    case 'EACCES':
      return new ConfigError(`port ${port} on ${host} needs privileges this process does not have; set ${setting} to a port above 1023.`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(
        `HOST ${host} is not an address of this machine; set HOST to one of its addresses, e.g. 127.0.0.1 or 0.0.0.0.`,
      );
    default:
      return error;
  }
}

/** Stops accepting, lets answers in flight finish, and after `timeoutMs` cuts what is left; true if it had to cut. */
async function drain(server: Server, timeoutMs: number): Promise<boolean> {
  let forced = false;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    // A keep-alive connection whose answer is sent turns idle; close it then, not after keepAliveTimeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
  return forced;
}

/**
 * Who writes for a request without Authorization: the server's own account (its tokens shared by
 * the fleet through Redis when there is one), or the simulator's demo one.
 */
function fallbackCredential(
  config: Config,
  client: CronofyClient,
  shared: { redis: RedisConnection | undefined; budget: CallBudget; logger: Logger; modules: FleetModules | undefined },
): Credential | undefined {
  const held = config.serverCredentials;
  if (held) {
    const refresher = {
      // Cronofy counts a token refresh against the application's limits too: it takes a slot,
      // waiting at most CRONOFY_TIMEOUT_MS for one.
      refreshToken: async (grant: Parameters<CronofyClient['refreshToken']>[0]) => {
        await takeSlot(shared.budget, config.dataCenter, config.timeoutMs);
        return client.refreshToken(grant, config.dataCenter);
      },
    };
    if (shared.redis && shared.modules) {
      // The wait for a slot and a refresh (each bounded by CRONOFY_TIMEOUT_MS) and the Redis writes around them fit in the lock's time.
      const lockMs = 2 * config.timeoutMs + 4 * config.fleet.redisTimeoutMs + 1_000;
      // As long as the connection's own first attempt may take.
      const joinTimeoutMs = Math.max(config.fleet.redisTimeoutMs, 1_000);
      return new shared.modules.SharedServerCredentials(held, refresher, shared.redis, { lockMs, joinTimeoutMs, logger: shared.logger });
    }
    return new ServerCredentials(held, refresher, held.accessToken);
  }
  return config.demoAccessToken ? bearerToken(config.demoAccessToken) : undefined;
}
