import { connect } from '../load.js';
import { stableOperation } from '../operations.js';
import { mb, type ScenarioResult } from '../report.js';
import { type Bench, setLatency } from './context.js';

const FIELDS = 50;
const TOKENS = 1000;
const WARM_UP_WRITES = 50_000;
/** Heap after a full collection may differ by this much between two quiet moments. */
const HEAP_NOISE_BYTES = 4 * 2 ** 20;

interface Memory {
  rss: number;
  heapUsed: number;
  batcherIdle: boolean;
}

/**
 * Scenario 5: the server's RSS and heap (after a full collection) once warmed up, and again
 * after `--mutations` more writes spread over a thousand tokens. Per-caller queues are dropped
 * when done with, so nothing should grow with the number of callers or writes seen.
 */
export async function memory(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, 0);
  const { concurrency, mutations } = bench.options;
  const layer = connect(bench.server.url, 'graphql', concurrency);
  const operation = stableOperation(FIELDS);
  let next = 0;
  const write = async (count: number) => {
    let sent = 0;
    // Counted before each request is sent, so the callers together send `count` and no more.
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < count) {
          sent += FIELDS;
          await layer.send(operation, `bench-memory-${next++ % TOKENS}`);
        }
      }),
    );
    return sent;
  };
  const measure = () => bench.server.ask<Memory>({ type: 'memory' });
  try {
    await write(WARM_UP_WRITES);
    const warm = await measure();
    const started = performance.now();
    // Sampled after each fifth: a leak grows steadily, while RSS that only settles stops growing.
    const samples: Memory[] = [];
    let written = 0;
    for (let fifth = 0; fifth < 5; fifth++) {
      written += await write(Math.ceil(mutations / 5));
      samples.push(await measure());
    }
    const seconds = (performance.now() - started) / 1000;
    const after = samples.at(-1)!;
    const heapGrowth = after.heapUsed - warm.heapUsed;
    const middle = samples[1]!;
    const lateRssGrowth = (after.rss - middle.rss) / middle.rss;
    const scenario = `5 memory, ${written.toLocaleString('en-US')} mutations`;
    return {
      figures: { tokens: TOKENS, written, seconds, warm, samples, heapGrowth, lateRssGrowth },
      rows: [
        {
          scenario,
          measure: 'RSS after warm-up → each fifth',
          value: [warm, ...samples].map((m) => (m.rss / 2 ** 20).toFixed(0)).join(' → ') + ' MB',
          target: 'last 3/5: ≤ +10%',
          ok: lateRssGrowth <= 0.1,
        },
        {
          scenario,
          measure: 'heap used after warm-up → after',
          value: `${mb(warm.heapUsed)} → ${mb(after.heapUsed)}`,
          target: `growth ≤ ${mb(HEAP_NOISE_BYTES)}`,
          ok: heapGrowth <= HEAP_NOISE_BYTES,
        },
        { scenario, measure: 'per-caller queues left', value: after.batcherIdle ? 'none' : 'some', target: 'none', ok: after.batcherIdle },
      ],
    };
  } finally {
    await layer.close();
  }
}
