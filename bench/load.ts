import { Pool } from 'undici';

/** Sends one prepared body with a caller's token; rejects unless every write was accepted. */
export type Send = (body: string, token: string) => Promise<void>;

/**
 * A keep-alive undici pool to one endpoint. Every answer is read and checked, as a real client
 * would, so a fast failure never counts as a fast success.
 *
 * ```ts
 * const layer = connect(server.url, 'graphql', 16);
 * await layer.send(stableOperation(50), 'bench-shared');
 * ```
 */
export function connect(url: string, kind: 'graphql' | 'batch', connections: number): { send: Send; close(): Promise<void> } {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections, keepAliveTimeout: 30_000 });
  const path = kind === 'batch' ? '/v1/batch' : pathname;
  return {
    async send(body, token) {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await response.body.text();
      if (
        kind === 'graphql'
          ? response.statusCode !== 200 || text.includes('"errors"') || text.includes('Error"')
          : response.statusCode !== 207
      ) {
        throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
      }
      if (kind === 'batch' && !text.includes('"status":202')) throw new Error(`${url} did not accept the batch: ${text.slice(0, 300)}`);
    },
    close: () => pool.close(),
  };
}

/**
 * Runs `variants` one after another, round-robin, until `durationMs` has passed, and returns each
 * variant's latencies in ms. Interleaving puts every variant under the same machine noise.
 */
export async function sampleRoundRobin(variants: Array<() => Promise<void>>, durationMs: number, minRounds = 1): Promise<number[][]> {
  const samples = variants.map(() => [] as number[]);
  const end = performance.now() + durationMs;
  for (let round = 0; round < minRounds || performance.now() < end; round++) {
    for (const [i, variant] of variants.entries()) {
      const started = performance.now();
      await variant();
      samples[i]!.push(performance.now() - started);
    }
  }
  return samples;
}

/**
 * `concurrency` callers each send requests back to back for `durationMs`; `worker` gets the
 * caller's index and returns how many writes its request carried. Returns writes per second.
 */
export async function throughput(concurrency: number, durationMs: number, worker: (caller: number) => Promise<number>): Promise<number> {
  let writes = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (performance.now() < end) {
        const carried = await worker(caller);
        writes += carried;
      }
    }),
  );
  return writes / ((performance.now() - started) / 1000);
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
