import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DataCenterId } from '../cronofy/data-centers.js';
import { type CallBudget, MemoryCallBudget, type Rates, type Slot, spacingOf, WINDOW_MARGIN_MS } from './call-budget.js';
import type { RedisConnection } from './redis-connection.js';

const PREFIX = 'cronofy-batch-graphql:budget';

/**
 * Takes one slot, atomically, for the whole fleet, on Redis's own clock (instances' clocks may
 * differ; Redis has one). KEYS: the data center's log of slots (a sorted set of slot ids scored by
 * milliseconds) and its pause. ARGV: per second, per minute, the two windows in ms, the least
 * time between two slots, this slot's id, then pairs of id and age (ms) of slots this instance
 * took in the last minute, added unless Redis has them (after an outage, or a restart that
 * emptied it): ages, not timestamps, so they land at the right place on Redis's clock however far
 * the instance's own is off; by id, so handing one over again (a reply that timed out but whose
 * script ran) counts it once.
 * Returns {1, 0} for a slot, or {0, ms to wait}.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perSecond, perMinute = tonumber(ARGV[1]), tonumber(ARGV[2])
local second, minute, spacing = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 7, #ARGV, 2 do redis.call('ZADD', KEYS[1], 'NX', now - tonumber(ARGV[i + 1]), ARGV[i]) end
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minute)
local wait = 0
local last = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if last[2] then wait = tonumber(last[2]) + spacing - now end
local s = redis.call('ZREVRANGE', KEYS[1], perSecond - 1, perSecond - 1, 'WITHSCORES')
if s[2] and tonumber(s[2]) > now - second then wait = math.max(wait, tonumber(s[2]) + second - now + 1) end
local m = redis.call('ZREVRANGE', KEYS[1], perMinute - 1, perMinute - 1, 'WITHSCORES')
if m[2] then wait = math.max(wait, tonumber(m[2]) + minute - now + 1) end
if wait > 0 then return {0, wait} end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], minute)
return {1, 0}
`;

/** KEYS: the pause. ARGV: its length in ms. Lengthens the pause, never shortens it. */
const PAUSE = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

type Scripted = Redis & {
  budgetTake(log: string, pause: string, ...args: Array<string | number>): Promise<[number, number]>;
  budgetPause(pause: string, ms: number): Promise<number>;
};

/**
 * The call budget of a fleet, in Redis: every instance takes its slots from the same sliding
 * windows, so together they keep to Cronofy's per-application rates, and a 429 seen by one pauses
 * all. When Redis is unusable (down, or slower than REDIS_TIMEOUT_MS) each instance goes on with
 * a budget of its own at 1/FLEET_SIZE_HINT of the rates, which starts from the slots it took
 * from Redis, and once Redis is back tells it of every slot it took in the last minute, so
 * neither the outage nor a Redis restarted empty lets the minute be spent twice.
 *
 * ```ts
 * const budget = new SharedCallBudget(redis, { perSecond: 50, perMinute: 500 }, { fleetSize: 3 });
 * const slot = await budget.take('us');
 * ```
 */
export class SharedCallBudget implements CallBudget {
  readonly #fallback: MemoryCallBudget;
  /** Per data center, the slots this instance took in the last minute, shared or not: [time, id]. */
  readonly #mine = new Map<DataCenterId, Array<[number, string]>>();
  /** Data centers whose slots Redis may lack: this instance fell back since its last shared slot. */
  readonly #unshared = new Set<DataCenterId>();
  readonly #instance = randomBytes(6).toString('base64url');
  #taken = 0;

  constructor(
    private readonly redis: RedisConnection,
    readonly rates: Rates,
    { fleetSize }: { fleetSize: number },
  ) {
    this.#fallback = new MemoryCallBudget({
      perSecond: Math.max(1, Math.floor(rates.perSecond / fleetSize)),
      perMinute: Math.max(1, Math.floor(rates.perMinute / fleetSize)),
    });
    const client = redis.client;
    client.defineCommand('budgetTake', { numberOfKeys: 2, lua: TAKE });
    client.defineCommand('budgetPause', { numberOfKeys: 1, lua: PAUSE });
  }

  /** The rates this instance keeps to while Redis is unusable. */
  get fallbackRates(): Rates {
    return this.#fallback.rates;
  }

  async take(dataCenter: DataCenterId): Promise<Slot> {
    const id = `${this.#instance}:${++this.#taken}`;
    if (this.redis.usable) {
      // After a fallback, everything this instance took in the last minute, so Redis counts it
      // (what Redis has already is left as it is).
      const told = this.#unshared.has(dataCenter) ? this.#recent(dataCenter) : [];
      try {
        const [granted, waitMs] = await this.redis.run((client) =>
          (client as Scripted).budgetTake(
            `${PREFIX}:${dataCenter}`,
            `${PREFIX}:${dataCenter}:pause`,
            this.rates.perSecond,
            this.rates.perMinute,
            1_000 + WINDOW_MARGIN_MS,
            60_000 + WINDOW_MARGIN_MS,
            // Redis' clock is read in whole milliseconds: the fleet's slots are at least one apart.
            Math.ceil(spacingOf(this.rates)),
            id,
            ...told,
          ),
        );
        this.#unshared.delete(dataCenter);
        if (granted !== 1) return { granted: false, waitMs: Math.max(1, waitMs) };
        // The fallback counts this instance's shared slots too: it starts from them if Redis goes.
        this.#fallback.record(dataCenter, Date.now());
        this.#remember(dataCenter, id);
        return { granted: true };
      } catch {
        // Unusable now: RedisConnection logged it, and this instance falls back until it rejoins.
      }
    }
    // Redis may come back empty (restarted): it is told of this instance's minute when it does.
    this.#unshared.add(dataCenter);
    const slot = this.#fallback.takeNow(dataCenter, Date.now());
    if (slot.granted) this.#remember(dataCenter, id);
    return slot;
  }

  async pause(dataCenter: DataCenterId, ms: number): Promise<void> {
    await this.#fallback.pause(dataCenter, ms);
    // `Retry-After: 0` asks for no pause; Redis would refuse `PX 0`, and that refusal would read as Redis failing.
    const length = Math.ceil(ms);
    if (!(length > 0) || !this.redis.usable) return;
    await this.redis.run((client) => (client as Scripted).budgetPause(`${PREFIX}:${dataCenter}:pause`, length)).catch(() => undefined);
  }

  #remember(dataCenter: DataCenterId, id: string): void {
    let mine = this.#mine.get(dataCenter);
    if (!mine) this.#mine.set(dataCenter, (mine = []));
    mine.push([Date.now(), id]);
    // No more than a minute's worth is ever needed.
    if (mine.length > this.rates.perMinute) mine.splice(0, mine.length - this.rates.perMinute);
  }

  /** Id and age of each slot this instance took in the last minute, flat, for the script. */
  #recent(dataCenter: DataCenterId): Array<string | number> {
    const now = Date.now();
    return (this.#mine.get(dataCenter) ?? [])
      .filter(([time]) => now - time < 60_000 + WINDOW_MARGIN_MS)
      .flatMap(([time, id]) => [id, now - time]);
  }
}
