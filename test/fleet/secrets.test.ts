import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/server.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { serverHeldAccount, TEST_ENV, upsertOperation, eventInput } from '../support/stack.js';

/**
 * REDIS_URL's password and the server's Cronofy secrets in every place an operator or a caller
 * can read: log lines (at debug), /ready, GraphQL answers and Redis's key names.
 */
const PASSWORD = 'redis-pass-Zq81';
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

async function run(redisUrl: string): Promise<{ logs: string; ready: string; answer: string }> {
  const held = serverHeldAccount({ CRONOFY_ACCESS_TOKEN: '' });
  const simulator = await CronofySimulator.start({ ...held, accessTokenTtlMs: 1_000 });
  const lines: string[] = [];
  const server = await startServer(
    { ...loadConfig({ ...TEST_ENV, ...held.env, CRONOFY_API_URL: simulator.url, REDIS_URL: redisUrl, LOG_LEVEL: 'debug' }), port: 0 },
    { logger: createLogger('debug', { write: (line: string) => void lines.push(line) }) },
  );
  try {
    const { query } = upsertOperation(1);
    let answer = '';
    for (let i = 0; i < 3; i++) {
      const response = await request(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { e0: eventInput(i) } }),
      });
      answer += await response.body.text();
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const ready = await (await request(new URL('/ready', server.url))).body.text();
    return { logs: lines.join(''), ready, answer };
  } finally {
    await server.close();
    await simulator.close();
  }
}

function secretsIn(text: string): string[] {
  return [PASSWORD, 'app-secret-value', 'refresh-1', 'sim-access-', 'sim-refresh-'].filter((secret) => text.includes(secret));
}

it('a wrong REDIS_URL password, or one Redis does not ask for, shows up nowhere', async () => {
  const admin = new Redis(redis.url);
  await admin.flushall();
  await admin.quit();
  // Redis asks for no password: ioredis sends AUTH all the same, and Redis refuses it.
  const open = await run(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`);
  expect(secretsIn(open.logs)).toEqual([]);
  expect(secretsIn(open.ready)).toEqual([]);
  expect(secretsIn(open.answer)).toEqual([]);
  // Redis asks for another password.
  const setup = new Redis(redis.url);
  await setup.config('SET', 'requirepass', 'another-password');
  await setup.quit();
  try {
    const wrong = await run(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`);
    console.log(`secrets: /ready with a wrong password: ${wrong.ready}`);
    expect(secretsIn(wrong.logs)).toEqual([]);
    expect(secretsIn(wrong.ready)).toEqual([]);
    expect(secretsIn(wrong.answer)).toEqual([]);
  } finally {
    const reset = new Redis(`redis://:another-password@127.0.0.1:${redis.port}`);
    await reset.config('SET', 'requirepass', '');
    await reset.quit();
  }
}, 60_000);

it('Redis holds no secret in a key name, and nothing leaks with a working password either', async () => {
  const setup = new Redis(redis.url);
  await setup.flushall();
  await setup.config('SET', 'requirepass', PASSWORD);
  await setup.quit();
  try {
    const good = await run(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`);
    expect(secretsIn(good.logs)).toEqual([]);
    expect(secretsIn(good.ready)).toEqual([]);
    expect(JSON.parse(good.ready)).toMatchObject({ redis: { reachable: true } });
  } finally {
    const reset = new Redis(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`);
    const keys = await reset.keys('*');
    console.log(`secrets: keys ${keys.join(', ')}`);
    expect(secretsIn(keys.join(' '))).toEqual([]);
    await reset.config('SET', 'requirepass', '');
    await reset.quit();
  }
}, 60_000);
