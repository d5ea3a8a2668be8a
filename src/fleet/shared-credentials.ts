import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type Credential, REFUSED_GRANT_PAUSE_MS, type RefreshGrant, type TokenRefresher } from '../cronofy/credentials.js';
import { UpstreamError } from '../cronofy/errors.js';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { RedisConnection } from './redis-connection.js';

/** The server's tokens as the fleet shares them (JSON in Redis), and as each instance last saw them. */
interface TokenRecord {
  /** Empty until the first refresh when `CRONOFY_ACCESS_TOKEN` was not given. */
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (epoch ms), if Cronofy said (`expires_in`). */
  expiresAt: number | null;
  issuedAt: number | null;
  /**
   * Refreshes since the refresh token in the environment. Cronofy takes a refresh token once, so
   * each generation has one true value and a higher one is newer: what decides every write.
   */
  generation: number;
}

/** How often an instance waiting for another's refresh looks for its result. */
const POLL_MS = 50;
/** The access token is refreshed this share of its lifetime before it runs out… */
const EARLY_SHARE = 0.1;
/** …but never earlier than this. */
const EARLY_MAX_MS = 60_000;
/** How often tokens refreshed while Redis was away are offered to it again. */
const WRITE_BACK_EVERY_MS = 250;

/**
 * Stores `ARGV[1]` (a record of generation `ARGV[2]`) unless Redis holds the same generation or a
 * newer one; answers what Redis holds afterwards. With generation 0 this is a SET NX.
 */
const OFFER = `
local stored = redis.call('GET', KEYS[1])
if stored then
  local ok, current = pcall(cjson.decode, stored)
  if ok and type(current) == 'table' and type(current.generation) == 'number' and current.generation >= tonumber(ARGV[2]) then
    return stored
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`;

/** Deletes the lock only if this holder still owns it (it may have timed out and been taken). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Redis could not be asked: the instance goes on with what it holds in memory. */
class RedisFault extends Error {}

/**
 * The server's own Cronofy credentials, shared by every instance through Redis (`REDIS_URL`), so
 * that a fleet refreshes them as one client would: Cronofy rotates the refresh token on each use,
 * and instances refreshing on their own would leave all but one with a dead one.
 *
 * - The access token and the current refresh token live under one key per client id and starting
 *   refresh token. The first instance seeds it from its environment (SET NX); every other instance,
 *   and every later start, uses what Redis holds.
 * - One instance refreshes at a time, under a lock (`SET NX PX lockMs`, released only by its
 *   owner); the others poll every 50 ms for its result. The holder stores the new tokens before
 *   it uses them. A 401 for a token Redis has already replaced is answered with the replacement.
 * - The access token is refreshed shortly before `expires_in` runs out (10 % of its lifetime, at
 *   most 60 s early), under the same lock: one refresh per expiry, and callers rarely see a 401.
 * - Redis unusable: the instance goes on alone with the newest tokens it has seen, refreshing only
 *   when they run out or are refused, and offers what it refreshed to Redis once it is back.
 *
 * Tokens never leave this class but for Cronofy and Redis: no log line or error carries one.
 *
 * ```ts
 * const redis = new RedisConnection(config.fleet.redisUrl, { timeoutMs: 250, logger });
 * const credential = new SharedServerCredentials(config.serverCredentials, client, redis, { lockMs: 11_000, logger });
 * const token = await credential.accessToken();
 * ```
 */
export class SharedServerCredentials implements Credential {
  readonly id = 'server-held';
  readonly #keys: { tokens: string; lock: string; refused: string };
  readonly #grant: Omit<RefreshGrant, 'refreshToken'>;
  /** The newest tokens this instance has seen in Redis or got from Cronofy itself. */
  #known: TokenRecord;
  /** One Redis read and one refresh at a time per instance, shared by every call that needs it. */
  #reading: Promise<TokenRecord> | undefined;
  #renewal: Promise<string> | undefined;
  /** A refresh token Cronofy refused, and until when it is not sent again. */
  #refused: { refreshToken: string; error: UpstreamError; until: number } | undefined;
  #writeBack: NodeJS.Timeout | undefined;
  /** Settles once the first connection is ready or has failed, at most `joinTimeoutMs` after the first call. */
  #joined: Promise<void> | undefined;

  constructor(
    grant: RefreshGrant & { accessToken?: string | undefined },
    private readonly refresher: TokenRefresher,
    private readonly redis: RedisConnection,
    private readonly options: { lockMs: number; joinTimeoutMs: number; logger?: Logger | undefined },
  ) {
    this.#grant = { clientId: grant.clientId, clientSecret: grant.clientSecret };
    this.#known = {
      accessToken: grant.accessToken ?? '',
      refreshToken: grant.refreshToken,
      expiresAt: null,
      issuedAt: null,
      generation: 0,
    };
    // The starting refresh token is in the key: a fleet given a new one starts afresh instead of
    // going on with the old one's successors, and two accounts of one application never mix.
    const prefix = `cronofy-batch-graphql:credentials:${digest(`${grant.clientId}\n${grant.refreshToken}`)}`;
    this.#keys = { tokens: `${prefix}:tokens`, lock: `${prefix}:lock`, refused: `${prefix}:refused` };
  }

  accessToken(): Promise<string> {
    return this.#token(undefined);
  }

  refresh(rejected: string): Promise<string> {
    return this.#token(rejected);
  }

  /** Stops offering locally refreshed tokens to Redis (on shutdown). */
  close(): void {
    clearInterval(this.#writeBack);
    this.#writeBack = undefined;
  }

  /** A token other than `rejected` that is not about to run out, refreshing if there is none. */
  async #token(rejected: string | undefined): Promise<string> {
    // Going on alone before the first connection would refresh with the environment's refresh
    // token, which the fleet may have used long ago.
    await (this.#joined ??= this.#join());
    let record = this.#known;
    let shared = false;
    if (this.redis.usable) {
      try {
        record = await this.#read();
        shared = true;
      } catch (error) {
        if (!(error instanceof RedisFault)) throw error;
      }
    }
    // As with ServerCredentials: while its refresh token stays refused, the credential answers at
    // once rather than sending calls with a token that already got a 401.
    this.#throwIfRefused(record);
    if (this.#fresh(record, rejected, shared)) return record.accessToken;
    for (let attempt = 0; ; attempt++) {
      const renewal = (this.#renewal ??= this.#renew(rejected).finally(() => (this.#renewal = undefined)));
      const token = await renewal;
      // A renewal started for an older token may hand back the one just rejected: once more, then give up.
      if (token !== rejected || attempt > 0) return token;
    }
  }

  async #join(): Promise<void> {
    const { client } = this.redis;
    if (client.status === 'ready') return;
    await once(client, 'ready', { signal: AbortSignal.timeout(this.options.joinTimeoutMs) }).catch(() => undefined);
  }

  /** `#load`, one at a time: every call of this instance needing the tokens shares the read in flight. */
  #read(): Promise<TokenRecord> {
    this.#reading ??= this.#load().finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  /** What Redis holds now, after seeding it (or writing back tokens refreshed while it was away) if it holds less. */
  async #load(): Promise<TokenRecord> {
    const stored = parseRecord(await this.#redis((client) => client.get(this.#keys.tokens)));
    return this.#adopt(stored && stored.generation >= this.#known.generation ? stored : await this.#offer(this.#known));
  }

  async #offer(record: TokenRecord): Promise<TokenRecord> {
    const answer = await this.#redis((client) =>
      client.eval(OFFER, 1, this.#keys.tokens, JSON.stringify(record), String(record.generation)),
    );
    return parseRecord(typeof answer === 'string' ? answer : null) ?? record;
  }

  /** Takes what Redis holds as the newest tokens unless this instance has newer ones; answers the newest. */
  #adopt(stored: TokenRecord): TokenRecord {
    if (stored.generation >= this.#known.generation) {
      this.#known = stored;
      this.#stopWriteBack();
    }
    return this.#known;
  }

  /**
   * Usable for a call: some token, not the one rejected, and not about to run out. Alone (Redis
   * away), the early refresh is skipped: a refresh without the lock is what may race another
   * instance, so it waits for the token to run out or be refused.
   */
  #fresh(record: TokenRecord, rejected: string | undefined, shared: boolean): boolean {
    if (record.accessToken === '' || record.accessToken === rejected) return false;
    if (record.expiresAt === null) return true;
    const early = shared && record.issuedAt !== null ? Math.min(EARLY_MAX_MS, (record.expiresAt - record.issuedAt) * EARLY_SHARE) : 0;
    return Date.now() < record.expiresAt - early;
  }

  async #renew(rejected: string | undefined): Promise<string> {
    try {
      if (this.redis.usable) return await this.#renewShared(rejected);
    } catch (error) {
      if (!(error instanceof RedisFault)) throw error;
    }
    return this.#renewAlone(rejected);
  }

  /** Takes the lock and refreshes, or waits for the instance that holds it. */
  async #renewShared(rejected: string | undefined): Promise<string> {
    // The lock times out after lockMs, so a holder that died is replaced; past twice that, give up.
    const deadline = Date.now() + 2 * this.options.lockMs;
    for (;;) {
      const owner = randomUUID();
      const locked = await this.#redis((client) => client.set(this.#keys.lock, owner, 'PX', this.options.lockMs, 'NX'));
      if (locked === 'OK') {
        try {
          return await this.#refreshHoldingLock(rejected);
        } finally {
          await this.#redis((client) => client.eval(RELEASE, 1, this.#keys.lock, owner)).catch(() => undefined);
        }
      }
      await sleep(POLL_MS);
      const record = await this.#load();
      if (this.#fresh(record, rejected, true)) return record.accessToken;
      this.#throwIfRefused(record);
      await this.#throwIfRefusedElsewhere(record);
      if (Date.now() > deadline) {
        throw new UpstreamError(
          'UPSTREAM_UNAVAILABLE',
          'The server could not refresh its Cronofy access token: another instance held the refresh lock and produced no new token. Try again later.',
        );
      }
    }
  }

  async #refreshHoldingLock(rejected: string | undefined): Promise<string> {
    // Read again, not shared: another instance may have refreshed between this one's read and its lock.
    const current = await this.#load();
    if (this.#fresh(current, rejected, true)) return current.accessToken;
    this.#throwIfRefused(current);
    await this.#throwIfRefusedElsewhere(current);
    let next: TokenRecord;
    try {
      next = await this.#refreshFrom(current);
    } catch (error) {
      if (!(error instanceof UpstreamError && error.status === 400)) throw error;
      // The lock may have timed out during a slow refresh and another instance refreshed first.
      const after = await this.#load().catch(() => undefined);
      if (after && after.generation > current.generation && this.#fresh(after, rejected, true)) {
        this.#refused = undefined;
        return after.accessToken;
      }
      // Refused for good: every instance answers at once instead of each asking Cronofy again.
      const refusal = JSON.stringify({ refreshToken: digest(current.refreshToken), message: error.message });
      await this.#redis((client) => client.set(this.#keys.refused, refusal, 'PX', REFUSED_GRANT_PAUSE_MS)).catch(() => undefined);
      throw error;
    }
    // Stored before anyone uses it, this instance included.
    try {
      this.#adopt(await this.#offer(next));
    } catch (error) {
      if (!(error instanceof RedisFault)) throw error;
      this.#startWriteBack();
    }
    return this.#known.accessToken;
  }

  /** Without Redis: as `ServerCredentials` does, from the newest tokens this instance has seen. */
  async #renewAlone(rejected: string | undefined): Promise<string> {
    const current = this.#known;
    if (this.#fresh(current, rejected, false)) return current.accessToken;
    this.#throwIfRefused(current);
    try {
      await this.#refreshFrom(current);
    } catch (error) {
      const refused = this.#refused;
      if (!refused || refused.error !== error) throw error;
      // Perhaps not revoked: another instance may have used it first while Redis was away.
      refused.error = new UpstreamError(
        'UNAUTHENTICATED',
        `${refused.error.message} Redis is unreachable, so another instance may have refreshed it meanwhile; this instance takes the new one from Redis once Redis is back.`,
        { status: 400 },
      );
      throw refused.error;
    }
    this.#startWriteBack();
    return this.#known.accessToken;
  }

  /** `POST /oauth/token` with `current`'s refresh token; the result becomes the newest tokens. */
  async #refreshFrom(current: TokenRecord): Promise<TokenRecord> {
    let answer;
    try {
      answer = await this.refresher.refreshToken({ ...this.#grant, refreshToken: current.refreshToken });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 400) {
        this.#refused = { refreshToken: current.refreshToken, error, until: Date.now() + REFUSED_GRANT_PAUSE_MS };
      }
      throw error instanceof UpstreamError
        ? error
        : new UpstreamError('UPSTREAM_UNAVAILABLE', 'The server could not refresh its Cronofy access token.');
    }
    const now = Date.now();
    const next: TokenRecord = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: answer.expiresInMs === undefined ? null : now + answer.expiresInMs,
      issuedAt: now,
      generation: current.generation + 1,
    };
    if (next.generation > this.#known.generation) this.#known = next;
    this.options.logger?.info({ credentials: { generation: next.generation } }, "refreshed the server's Cronofy access token");
    return next;
  }

  /** This instance had its refresh token refused lately, and it is still the newest one known. */
  #throwIfRefused(record: TokenRecord): void {
    const refused = this.#refused;
    if (!refused) return;
    if (Date.now() >= refused.until || refused.refreshToken !== record.refreshToken) this.#refused = undefined;
    else throw refused.error;
  }

  /** Another instance had this refresh token refused lately: not sent again until the pause ends. */
  async #throwIfRefusedElsewhere(record: TokenRecord): Promise<void> {
    const stored = await this.#redis((client) => client.get(this.#keys.refused));
    if (stored === null) return;
    const refusal = parseRefusal(stored);
    if (refusal?.refreshToken !== digest(record.refreshToken)) return;
    const error = new UpstreamError('UNAUTHENTICATED', refusal.message, { status: 400 });
    this.#refused = { refreshToken: record.refreshToken, error, until: Date.now() + REFUSED_GRANT_PAUSE_MS };
    throw error;
  }

  /** Until Redis holds them, offers tokens this instance refreshed alone, so the others can use them. */
  #startWriteBack(): void {
    this.#writeBack ??= setInterval(() => {
      if (this.redis.usable) this.#read().catch(() => undefined);
    }, WRITE_BACK_EVERY_MS).unref();
  }

  #stopWriteBack(): void {
    clearInterval(this.#writeBack);
    this.#writeBack = undefined;
  }

  async #redis<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await this.redis.run(command);
    } catch {
      throw new RedisFault('Redis could not be asked.');
    }
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

function parseRecord(text: string | null): TokenRecord | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<TokenRecord>;
    const time = (t: unknown) => t === null || typeof t === 'number';
    if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string' || typeof value.generation !== 'number')
      return undefined;
    if (!time(value.expiresAt) || !time(value.issuedAt)) return undefined;
    return value as TokenRecord;
  } catch {
    return undefined;
  }
}

function parseRefusal(text: string): { refreshToken: string; message: string } | undefined {
  try {
    const value = JSON.parse(text) as { refreshToken?: unknown; message?: unknown };
    return typeof value.refreshToken === 'string' && typeof value.message === 'string'
      ? { refreshToken: value.refreshToken, message: value.message }
      : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
