import { Redis } from 'ioredis';
import { request } from 'undici';
import { startRedis, type RedisProcess } from '../../test/support/redis.js';
import { busiest, Callers, check, type Check, jainIndex, refusals } from '../fleet-load.js';
import { type BenchProcess, startProcess } from '../ipc.js';
import { connect, percentile, sampleRoundRobin } from '../load.js';
import { stableOperation } from '../operations.js';
import type { Options } from '../options.js';
import { ms, type Row, type ScenarioResult } from '../report.js';
import type { KeptCall } from '../simulator-process.js';

/** Cronofy's per-application budget scaled down, as in test/fleet/, so a minute's budget lasts seconds. */
const RATES = { perSecond: 20, perMinute: 100 };
const INSTANCES = 3;
/** The service's default: at 20 slots a second, the fairness part's 53 turns alone take nearly 3 s. */
const SLOT_WAIT_MS = 10_000;
/** What the fleet may send while Redis is away: each instance keeps to floor(rate / FLEET_SIZE_HINT). */
const FALLBACK_PER_SECOND = INSTANCES * Math.floor(RATES.perSecond / INSTANCES);
const SMALL_CALLERS = 50;
const BIG_WRITES = 5_000;

interface Fleet {
  simulator: BenchProcess;
  redis: RedisProcess;
  instances: BenchProcess[];
  callers: Callers;
  /**
   * Empties the shared budget and the simulator's windows and records, so each part starts with a
   * full minute; `limits: false` lifts the simulator's limits.
   */
  reset(limits?: boolean): Promise<void>;
  /** What the simulator received since the last reset: calls answered (by arrival), requests refused with 429. */
  received(): Promise<Received>;
}

interface Received {
  calls: KeptCall[];
  refused: number[];
}

/** When each request reached the simulator, admitted or refused: what Cronofy would count. */
const sentTimes = ({ calls, refused }: Received) => [...calls.map((call) => call.at), ...refused];

/**
 * Scenario 6: a fleet of three servers (bench/server-process.ts) sharing one real redis-server
 * (test/support/redis.ts), in front of a simulator that enforces 20 calls a second and 100 a
 * minute with 429s. Four parts, each with the budget reset: Redis killed and restarted under
 * load, open-loop load at 1× and 10× the budget, one caller's 5,000 writes against 50 callers'
 * one; then the latency a single write pays for the shared budget, against an in-memory one.
 */
export async function fleet(options: Options): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const figures: Record<string, unknown> = {};
  const add = (part: { rows: Row[]; figures: unknown }, name: string) => {
    rows.push(...part.rows);
    figures[name] = part.figures;
  };
  const started = await startFleet(options);
  try {
    await warmUp(started.callers);
    // First: `reset` empties Redis and the simulator's windows, not what each server remembers of
    // the last minute, and a server falling back counts the slots it took in that minute, as it
    // should when the minute is real.
    add(await outage(started), 'outage');
    add(await load(started, 1), 'load1x');
    add(await load(started, 10), 'load10x');
    add(await fairness(started), 'fairness');
  } finally {
    await started.callers.close();
    await Promise.all(started.instances.map((instance) => instance.stop()));
  }
  try {
    add(await latency(started, options), 'latency');
  } finally {
    await started.simulator.stop();
    await started.redis.close();
  }
  return { rows, figures };
}

/** Scenario 6 needs a redis-server (Debian's package): this fails with how to install it before anything runs. */
export async function checkFleetNeeds(): Promise<void> {
  await (await startRedis()).close();
}

async function startFleet(options: Options): Promise<Fleet> {
  const [simulator, redis] = await Promise.all([
    startProcess('simulator-process.ts', {
      BENCH_LATENCY_MS: String(options.latencyMs),
      BENCH_RATE_PER_SECOND: String(RATES.perSecond),
      BENCH_RATE_PER_MINUTE: String(RATES.perMinute),
      BENCH_KEEP_CALLS: '1',
    }),
    startRedis(),
  ]);
  const instances = await Promise.all(
    Array.from({ length: INSTANCES }, () =>
      startProcess('server-process.ts', {
        NODE_ENV: 'production',
        CRONOFY_API_URL: simulator.url,
        REDIS_URL: redis.url,
        FLEET_SIZE_HINT: String(INSTANCES),
        CRONOFY_RATE_PER_SECOND: String(RATES.perSecond),
        CRONOFY_RATE_PER_MINUTE: String(RATES.perMinute),
        CRONOFY_SLOT_WAIT_MS: String(SLOT_WAIT_MS),
      }),
    ),
  );
  return {
    simulator,
    redis,
    instances,
    callers: new Callers(instances.map((instance) => instance.url)),
    async reset(limits = true) {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      await client.flushall().finally(() => client.disconnect());
      await simulator.ask({ type: 'reset', limits });
    },
    async received() {
      const received = await simulator.ask<Received>({ type: 'calls' });
      received.calls.sort((a, b) => a.at - b.at);
      return received;
    },
  };
}

/**
 * The first requests compile much of each server's code; a pause that long between a slot and its
 * call would stretch past the budget's margin. Writes in an unknown time zone take the whole path
 * but the call (ValidationError, nothing sent).
 */
async function warmUp(callers: Callers): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      Array.from({ length: INSTANCES * 3 }, (_, i) =>
        callers.write('bench-fleet-warm', ['warm', 'warm2', 'warm3'].slice(0, 1 + (i % 3)), 'Not/AZone'),
      ),
    );
  }
  const fifty = Array.from({ length: 50 }, (_, i) => `warm-${i}`);
  for (let instance = 0; instance < INSTANCES; instance++) await callers.write('bench-fleet-warm', fifty, 'Not/AZone');
}

const yesNo = (ok: boolean) => (ok ? 'yes' : 'no');

/** Rows every load part shares: 429s, what was answered, and whether the simulator agrees. */
function answeredRows(scenario: string, checked: Check, { calls, refused }: Received, target429s: boolean): Row[] {
  const once = checked.failed === 0;
  const matches = checked.lost === 0 && checked.doubled === 0 && checked.appliedUnannounced === 0;
  const why = refusals(
    calls.map((call) => call.at),
    refused,
    RATES,
  );
  const windows = [
    why.second > 0 && `${why.second} by the second's: ${RATES.perSecond + 1} arrivals in ${why.tightestMs.toFixed(0)} ms`,
    why.minute > 0 && `${why.minute} by the minute's`,
  ].filter(Boolean);
  return [
    {
      scenario,
      measure: 'upstream 429s',
      value: `${refused.length}${windows.length > 0 ? ` (${windows.join('; ')})` : ''}`,
      ...(target429s && { target: '0', ok: refused.length === 0 }),
    },
    {
      scenario,
      measure: 'writes: applied / RATE_LIMITED (retryAfter) / other',
      value: `${checked.applied} / ${checked.rateLimited} / ${checked.failed}`,
    },
    { scenario, measure: 'every write answered once, success or RATE_LIMITED', value: yesNo(once), target: 'yes', ok: once },
    {
      scenario,
      measure: "simulator's state = answers: lost / doubled / applied unannounced",
      value: `${checked.lost} / ${checked.doubled} / ${checked.appliedUnannounced}`,
      target: '0 / 0 / 0',
      ok: matches,
    },
  ];
}

/**
 * 20 × `times` callers, each sending a request of 1–3 writes a second for a few seconds, round
 * robin over the instances: 1× the per-second budget, or 10×.
 */
async function load(fleet: Fleet, times: number) {
  await fleet.reset();
  const seconds = times === 1 ? 4 : 6;
  const answers = await fleet.callers.openLoop(`fleet${times}x`, RATES.perSecond * times, seconds);
  const received = await fleet.received();
  const { calls } = received;
  const checked = check(answers, calls);
  const entries = calls.reduce((sum, call) => sum + call.eventIds.length, 0);
  const arrivals = calls.map((call) => call.at);
  const spanMs = Math.max(...arrivals) - Math.min(...arrivals);
  // The most calls both windows let through in a span of that length.
  const allowed = Math.min(RATES.perMinute * (Math.floor(spanMs / 60_000) + 1), RATES.perSecond * (Math.floor(spanMs / 1_000) + 1));
  const used = calls.length / allowed;
  const busiestSecond = busiest(sentTimes(received), 1_000);
  const scenario = `6 fleet ${times}× budget, ${RATES.perSecond * times} callers`;
  return {
    figures: { ...checked, calls: calls.length, entries, refused: received.refused.length, spanMs, allowed, used, busiestSecond },
    rows: [
      {
        scenario,
        measure: 'calls, entries per call, busiest second (429s included)',
        value: `${calls.length}, ${(entries / calls.length).toFixed(2)}, ${busiestSecond}`,
        target: `busiest ≤ ${RATES.perSecond}`,
        ok: busiestSecond <= RATES.perSecond,
      },
      ...(times > 1
        ? [
            {
              scenario,
              measure: `budget used: calls ÷ allowed in ${(spanMs / 1000).toFixed(1)} s`,
              value: `${Math.round(used * 100)} % (${calls.length} / ${allowed})`,
              target: '≥ 90 %',
              ok: used >= 0.9,
            },
          ]
        : []),
      ...answeredRows(scenario, checked, received, true),
    ],
  };
}

/**
 * One caller sends 5,000 writes (100 requests of 50, round robin over the instances). Once the
 * budget's first second has gone to it, and its backlog waits, 50 callers send one write each.
 * Counted from then: the slots until the last of the 50 is answered, fleet-wide and at each
 * instance, the worst latency of the 50, and Jain's index over the first 51 slots, where a
 * fleet-wide round robin would give each caller one.
 */
async function fairness(fleet: Fleet) {
  await fleet.reset();
  const big = 'bench-fleet-big';
  const bigAnswers = Array.from({ length: BIG_WRITES / 50 }, (_, r) =>
    fleet.callers.write(
      big,
      Array.from({ length: 50 }, (_, i) => `big-${r}-${i}`),
    ),
  );
  for (const end = Date.now() + 10_000; Date.now() < end && (await fleet.received()).calls.length < RATES.perSecond;) await sleep(50);
  const smallFrom = Date.now();
  const small = (
    await Promise.all(Array.from({ length: SMALL_CALLERS }, (_, c) => fleet.callers.write(`bench-fleet-small-${c}`, [`small-${c}`])))
  ).flat();
  const answers = [...(await Promise.all(bigAnswers)).flat(), ...small];
  const received = await fleet.received();
  const checked = check(answers, received.calls);

  // Which instance sent each call: the one its writes' request went to.
  const instanceOf = new Map(answers.map((answer) => [answer.eventId, answer.request % INSTANCES]));
  const after = received.calls
    .filter((call) => call.at >= smallFrom)
    .map((call) => ({ isBig: call.token === big, token: call.token, instance: instanceOf.get(call.eventIds[0]!)! }));
  const slots = after.findLastIndex((call) => !call.isBig) + 1;
  const bigSlots = after.slice(0, slots).filter((call) => call.isBig).length;
  // Round robin within an instance: the big caller's turns there before its last small caller's.
  const bigTurns = Array.from({ length: INSTANCES }, (_, instance) => {
    const here = after.filter((call) => call.instance === instance);
    return here.slice(0, here.findLastIndex((call) => !call.isBig) + 1).filter((call) => call.isBig).length;
  });
  const worstSmallMs = Math.max(...small.map((answer) => answer.ms));
  const firstSlots = after.slice(0, SMALL_CALLERS + 1);
  const shares = [big, ...small.map((answer) => answer.token)].map((token) => firstSlots.filter((call) => call.token === token).length);
  const jain = jainIndex(shares);
  const smallApplied = small.filter((answer) => answer.outcome === 'success').length;
  const scenario = `6 fleet fairness, 1 × ${BIG_WRITES.toLocaleString('en-US')} + ${SMALL_CALLERS} × 1`;
  return {
    figures: {
      ...checked,
      refused: received.refused.length,
      slots,
      bigSlots,
      bigTurns,
      worstSmallMs,
      shares,
      jain,
      smallApplied,
      // The calls from the small callers' requests on, by instance: A B C the big caller's, a b c a small one's.
      order: after.map((call) => String.fromCharCode((call.isBig ? 65 : 97) + call.instance)).join(''),
    },
    rows: [
      {
        scenario,
        measure: `slots until the last of the ${SMALL_CALLERS} is answered (the big caller's)`,
        // No target: turns are taken per instance, and instances take slots first come, first served.
        value: `${slots} (${bigSlots})`,
      },
      {
        scenario,
        measure: `small callers' writes applied`,
        value: `${smallApplied} of ${SMALL_CALLERS}`,
        target: `${SMALL_CALLERS}`,
        ok: smallApplied === SMALL_CALLERS,
      },
      {
        scenario,
        measure: "the big caller's turns before an instance's last small caller",
        value: bigTurns.join(', '),
        // One turn, or two when a small caller's request came as the big caller's call was chosen.
        target: '≤ 2 each',
        ok: bigTurns.every((turns) => turns <= 2),
      },
      { scenario, measure: 'worst small-caller latency', value: ms(worstSmallMs) },
      { scenario, measure: `Jain's index over calls per caller in the first ${SMALL_CALLERS + 1} slots`, value: jain.toFixed(3) },
      ...answeredRows(scenario, checked, received, true),
    ],
  };
}

/**
 * 10× load for 7 s; Redis is killed (SIGKILL) 2 s in and started again, empty, 2.5 s later. Until
 * then every instance keeps to its fallback share; each instance's /ready says when it is back on
 * the shared budget.
 */
async function outage(fleet: Fleet) {
  await fleet.reset();
  const run = fleet.callers.openLoop('outage', RATES.perSecond * 10, 7);
  await sleep(2_000);
  await fleet.redis.stop();
  const killedAt = Date.now();
  await sleep(2_500);
  await fleet.redis.start();
  const restartedAt = Date.now();
  const rejoinedAt = await allRejoined(fleet.instances, restartedAt + 30_000);
  const answers = await run;
  const received = await fleet.received();
  const checked = check(answers, received.calls);
  // From a second after the kill, when the calls whose slot Redis gave just before it have arrived.
  const busiestOutage = busiest(sentTimes(received), 1_000, killedAt + 1_000, restartedAt);
  const busiestKill = busiest(sentTimes(received), 1_000, killedAt - 1_000, killedAt + 1_000);
  const scenario = `6 fleet Redis killed and restarted, ${RATES.perSecond * 10} callers`;
  return {
    figures: {
      ...checked,
      refused: received.refused.length,
      restartMs: restartedAt - killedAt,
      rejoinedMs: rejoinedAt - restartedAt,
      busiestOutage,
      busiestKill,
    },
    rows: [
      {
        scenario,
        measure: `busiest second, kill + 1 s to the restart ${((restartedAt - killedAt) / 1000).toFixed(1)} s after it`,
        value: String(busiestOutage),
        target: `≤ ${FALLBACK_PER_SECOND} (${INSTANCES} × floor(${RATES.perSecond}/${INSTANCES}))`,
        ok: busiestOutage <= FALLBACK_PER_SECOND,
      },
      { scenario, measure: 'busiest second from a second before the kill to one after', value: String(busiestKill) },
      {
        scenario,
        measure: 'all instances back on the shared budget after the restart',
        value: Number.isFinite(rejoinedAt) ? `${((rejoinedAt - restartedAt) / 1000).toFixed(1)} s` : 'not within 30 s',
      },
      { scenario, measure: 'requests failed', value: String(checked.failedRequests), target: '0', ok: checked.failedRequests === 0 },
      ...answeredRows(scenario, checked, received, false),
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When every instance's /ready has stopped saying degraded, or Infinity if not by `deadline`. */
async function allRejoined(instances: readonly BenchProcess[], deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const states = await Promise.all(
      instances.map(async (instance) => {
        const response = await request(new URL('/ready', instance.url));
        return ((await response.body.json()) as { status: string }).status;
      }),
    );
    if (states.every((state) => state === 'ready')) return Date.now();
    await sleep(50);
  }
  return Infinity;
}

/**
 * One write at a time, unloaded, through a server with REDIS_URL (one Lua script per call) and
 * through one without (the budget in memory), alternating; rates too high to bind, the simulator's
 * limits lifted, no upstream latency: what Redis adds is the same at any, and clearest at none.
 */
async function latency(fleet: Fleet, options: Options) {
  await fleet.reset(false);
  await fleet.simulator.ask({ type: 'latency', latencyMs: 0 });
  const env = {
    NODE_ENV: 'production',
    CRONOFY_API_URL: fleet.simulator.url,
    CRONOFY_RATE_PER_SECOND: '100000',
    CRONOFY_RATE_PER_MINUTE: '6000000',
  };
  const [shared, alone] = await Promise.all([
    startProcess('server-process.ts', { ...env, REDIS_URL: fleet.redis.url }),
    startProcess('server-process.ts', { ...env, REDIS_URL: '' }),
  ]);
  const [viaRedis, inMemory] = [connect(shared.url, 'graphql', 1), connect(alone.url, 'graphql', 1)];
  const operation = stableOperation(1);
  try {
    const variants = [() => viaRedis.send(operation, 'bench-fleet-latency'), () => inMemory.send(operation, 'bench-fleet-latency')];
    await sampleRoundRobin(variants, 1000); // warm-up
    const [redisSamples, memorySamples] = await sampleRoundRobin(variants, options.durationMs, 20);
    const redis = { p50: percentile(redisSamples!, 50), p99: percentile(redisSamples!, 99) };
    const memory = { p50: percentile(memorySamples!, 50), p99: percentile(memorySamples!, 99) };
    const scenario = '6 fleet latency @0 ms, 1 write';
    const added = redis.p50 - memory.p50;
    return {
      figures: { redis, memory, samples: redisSamples!.length },
      rows: [
        {
          scenario,
          measure: 'shared budget (Redis) / in memory: p50',
          value: `${ms(redis.p50)} / ${ms(memory.p50)}, ${added < 0 ? '−' : '+'}${ms(Math.abs(added))}`,
        },
        { scenario, measure: 'shared budget (Redis) / in memory: p99', value: `${ms(redis.p99)} / ${ms(memory.p99)}` },
      ],
    };
  } finally {
    await Promise.all([viaRedis.close(), inMemory.close()]);
    await Promise.all([shared.stop(), alone.stop()]);
  }
}
