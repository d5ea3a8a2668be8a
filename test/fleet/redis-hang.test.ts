import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { busiestWindow, type Fleet, startFleet } from '../support/fleet.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { checkAnswers, steadyLoad, warmUp } from './steady-load.js';

/**
 * Redis that hangs rather than refuses (SIGSTOP: the connections stay open, nothing answers), for
 * three seconds, then goes on (SIGCONT) and runs every command that waited meanwhile. Each
 * instance must time out on it, fall back, rejoin, and answer every write once; and the slots it
 * took meanwhile, which every take that timed out carried to Redis again, must be counted once,
 * or the fleet's budget is spent on slots that were never calls for the minute after.
 */
const RATES = { perSecond: 20, perMinute: 6_000 };

let redis: RedisProcess;
let fleet: Fleet;
beforeAll(async () => {
  redis = await startRedis();
  fleet = await startFleet({ instances: 3, rates: RATES, redis, env: { CRONOFY_SLOT_WAIT_MS: '3000' } });
});
afterAll(async () => {
  signal('CONT');
  await fleet?.close();
  await redis?.close();
});

/** The redis-server this file started (its title names its port). */
function signal(name: 'STOP' | 'CONT'): void {
  const line = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .find((entry) => entry.includes(`redis-server 127.0.0.1:${redis.port}`));
  if (line) process.kill(Number(line.trim().split(/\s+/)[0]), `SIG${name}`);
}

it('answers every write once, within the fallback, through a Redis that hangs for 3 s', async () => {
  await warmUp(fleet);
  let stoppedAt = 0;
  let resumedAt = 0;
  const answers = await steadyLoad(fleet, {
    callers: 30,
    perSecond: 30,
    seconds: 8,
    at: (second) => {
      if (second === 2) {
        stoppedAt = performance.now();
        signal('STOP');
      }
      if (second === 5) {
        resumedAt = performance.now();
        signal('CONT');
      }
    },
  });
  const admin = new Redis(redis.url);
  const slots = await admin.zcard('cronofy-batch-graphql:budget:us');
  const members = await admin.zrange('cronofy-batch-graphql:budget:us', '0', '-1');
  const away = members.filter((member) => member.includes('away:')).length;
  await admin.quit();
  const during = busiestWindow(fleet.simulator, 1000, stoppedAt, resumedAt);
  const outcomes: Record<string, number> = {};
  for (const answer of answers) outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
  console.log(
    `redis hang: ${JSON.stringify(outcomes)}; ${fleet.simulator.calls.length} calls, ${slots} slots counted in Redis (${away} handed back after the hang); ` +
      `busiest second while hung ${during}; upstream 429s ${fleet.simulator.rateLimitedRequests}; ` +
      `faults logged ${fleet.logs.flat().filter((line) => String(line.msg).startsWith('redis unusable')).length}`,
  );
  expect(checkAnswers(fleet, answers)).toEqual([]);
  expect(fleet.simulator.rateLimitedRequests).toBe(0);
  expect(during).toBeLessThanOrEqual(3 * Math.floor(RATES.perSecond / 3));
  // Besides the calls, Redis may count only the slots of the few takes whose replies timed out
  // but whose scripts ran once it went on: a slot handed back is counted once, however many
  // takes carried it while Redis hung.
  expect(slots - fleet.simulator.calls.length).toBeLessThanOrEqual(15);
}, 60_000);
