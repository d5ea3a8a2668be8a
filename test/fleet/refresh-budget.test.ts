import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { eventInput, serverHeldAccount, TEST_ENV, upsertOperation } from '../support/stack.js';

/**
 * Cronofy counts an application's requests, and `POST /oauth/token` is one (the simulator counts
 * it, as the fleet's own tests assume). Every batch call takes a slot of the shared budget, but
 * the refresh of the server's access token takes none: once the budget is used to the full, each
 * refresh pushes the fleet past Cronofy's limit, and either a batch call or the refresh itself
 * is answered 429.
 */
const RATES = { perSecond: 20, perMinute: 60 };

let redis: RedisProcess;
let simulator: CronofySimulator;
const servers: RunningServer[] = [];
beforeAll(async () => {
  redis = await startRedis();
  const held = serverHeldAccount({ CRONOFY_ACCESS_TOKEN: '' });
  simulator = await CronofySimulator.start({ ...held, accessTokenTtlMs: 1_500, rateLimits: RATES });
  const env = {
    ...TEST_ENV,
    ...held.env,
    CRONOFY_API_URL: simulator.url,
    REDIS_URL: redis.url,
    FLEET_SIZE_HINT: '3',
    CRONOFY_RATE_PER_SECOND: String(RATES.perSecond),
    CRONOFY_RATE_PER_MINUTE: String(RATES.perMinute),
    CRONOFY_SLOT_WAIT_MS: '2000',
  };
  for (let i = 0; i < 3; i++) servers.push(await startServer({ ...loadConfig(env), port: 0 }));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await simulator?.close();
  await redis?.close();
});

const { query } = upsertOperation(1);

it("gets no 429 when the server's token is refreshed while the fleet uses its whole budget", async () => {
  const outcomes: Array<Promise<string>> = [];
  // 30 requests a second without Authorization (the server's account), over the three instances, for 5 s.
  for (let n = 0; n < 150; n++) {
    const server = servers[n % servers.length]!;
    outcomes.push(
      request(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { e0: eventInput(n) } }),
      })
        .then(
          (response) =>
            response.body.json() as Promise<{ data?: { f0?: { __typename: string } }; errors?: Array<{ extensions?: { code?: string } }> }>,
        )
        .then((body) => body.errors?.[0]?.extensions?.code ?? body.data?.f0?.__typename ?? 'none'),
    );
    await new Promise((resolve) => setTimeout(resolve, 33));
  }
  const counts: Record<string, number> = {};
  for (const outcome of await Promise.all(outcomes)) counts[outcome] = (counts[outcome] ?? 0) + 1;
  console.log(
    `refresh under a full budget: ${JSON.stringify(counts)}; ${simulator.refreshTimes.length} refreshes, ` +
      `${simulator.receivedCalls} batch calls; upstream 429s ${simulator.rateLimitedRequests}`,
  );
  expect(simulator.refreshTimes.length).toBeGreaterThan(1);
  expect(simulator.rateLimitedRequests).toBe(0);
  // What could not get a slot is RATE_LIMITED, unsent; nothing fails for a refused refresh.
  expect(Object.keys(counts).filter((outcome) => outcome !== 'UpsertEventSuccess' && outcome !== 'RATE_LIMITED')).toEqual([]);
}, 60_000);
