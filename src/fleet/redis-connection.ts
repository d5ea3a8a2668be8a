import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';

/** After a fault, how long the instance keeps to its fallback before it tries Redis again. */
const REJOIN_AFTER_MS = 1_000;

export interface RedisState {
  reachable: boolean;
  /** Why not, in words that carry neither the URL nor its password. */
  reason?: string;
}

/**
 * The fleet's one connection to Redis (`REDIS_URL`), and whether it can be relied on now.
 * Commands are never queued while Redis is away and never retried by the client: a command that
 * fails or takes longer than `timeoutMs` rejects at once, and the caller falls back to its
 * in-memory state for `REJOIN_AFTER_MS` before asking Redis again. The fault is logged once, and
 * so is the return.
 *
 * ```ts
 * const redis = new RedisConnection(config.fleet.redisUrl, { timeoutMs: 250, logger });
 * if (redis.usable) await redis.run((client) => client.get('key')).catch(useFallback);
 * ```
 */
export class RedisConnection {
  readonly client: Redis;
  #faultyUntil = 0;
  #fault: string | undefined;

  constructor(
    url: string,
    private readonly options: { timeoutMs: number; logger: Logger },
  ) {
    this.client = new Redis(url, {
      // A backstop only, so a hung Redis does not pile up commands; `run` judges timeouts itself.
      commandTimeout: Math.max(10 * options.timeoutMs, 2_500),
      connectTimeout: Math.max(options.timeoutMs, 1_000),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect for ever, at most once a second: Redis coming back is noticed within a second.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      lazyConnect: false,
    });
    // ioredis emits every failed reconnect; one line per outage is logged from here instead.
    this.client.on('error', (error: Error) => this.#faulted(describe(error)));
    this.client.on('close', () => this.#faulted('connection closed'));
    this.client.on('ready', () => this.#rejoined());
  }

  /** Redis answered lately and the connection is ready: worth asking. */
  get usable(): boolean {
    return this.client.status === 'ready' && Date.now() >= this.#faultyUntil;
  }

  get state(): RedisState {
    return this.usable ? { reachable: true } : { reachable: false, reason: this.#fault ?? `connection ${this.client.status}` };
  }

  /** Runs `command`; a failure or a timeout marks Redis faulty for a while, and rejects. */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (!this.usable) throw new Error(`Redis is not usable: ${this.state.reason}`);
    try {
      const result = await withinTimeout(command(this.client), this.options.timeoutMs);
      if (this.#fault !== undefined && this.client.status === 'ready') this.#rejoined();
      return result;
    } catch (error) {
      this.#faulted(describe(error));
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('close');
    await this.client.quit().catch(() => this.client.disconnect());
  }

  #faulted(reason: string): void {
    this.#faultyUntil = Date.now() + REJOIN_AFTER_MS;
    if (this.#fault !== undefined) return;
    this.#fault = reason;
    this.options.logger.warn({ redis: { reason } }, 'redis unusable: this instance keeps to its share of the call budget in memory');
  }

  #rejoined(): void {
    if (this.#fault === undefined || Date.now() < this.#faultyUntil) return;
    this.#fault = undefined;
    this.options.logger.info('redis usable again: this instance rejoins the shared call budget');
  }
}

/**
 * Rejects when `promise` has not settled `ms` after it started: but only once the answers already
 * received are read. When this process's own event loop was blocked (a burst of answers, a GC), the
 * timer and Redis's reply are due together, and timers run first: the reply, read in the next poll
 * phase, must not count as Redis being slow.
 */
function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => setImmediate(() => !settled && reject(new Error(`Redis command timed out after ${ms} ms`))), ms);
    promise.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  if (/timed? ?out/i.test(error.message)) return 'command timed out';
  const code = (error as { code?: string }).code;
  return code ? `connection failed (${code})` : error.message.replace(/redis(s)?:\/\/\S*/gi, 'redis://…');
}
