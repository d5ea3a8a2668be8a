import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { collectProcessMetrics } from '../../../src/observability/process-metrics.js';

/**
 * The event-loop delay figures sample only while the instance serves: a blocked loop shows in the
 * next scrape after a request, and not once the instance has been quiet (its sampler, asleep,
 * wakes nothing).
 */
const QUIET_MS = 150;

function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scrape(registry: Registry): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  for (const line of (await registry.metrics()).split('\n')) {
    const [name, value] = line.split(' ');
    if (name?.startsWith('nodejs_eventloop_lag_') && value !== undefined) samples.set(name, Number(value));
  }
  return samples;
}

describe('collectProcessMetrics', () => {
  it("keeps prom-client's default metrics, each named once", async () => {
    const registry = new Registry();
    collectProcessMetrics(registry, { quietAfterMs: QUIET_MS });
    const text = await registry.metrics();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    for (const figure of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) {
      expect(text.match(new RegExp(`^# TYPE nodejs_eventloop_lag_${figure}_seconds gauge$`, 'gm'))).toHaveLength(1);
    }
  });

  it('shows a blocked loop after a request, nothing once quiet, and again after the next request', async () => {
    const registry = new Registry();
    const loop = collectProcessMetrics(registry, { sampleEveryMs: 10, quietAfterMs: QUIET_MS });

    loop.busy();
    await wait(30);
    blockLoop(80);
    await wait(30);
    const serving = await scrape(registry);
    expect(serving.get('nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.07);
    expect(serving.get('nodejs_eventloop_lag_min_seconds')).toBeGreaterThan(0);

    // Quiet for more than two periods: the sampler is asleep, so the same block goes unseen.
    await wait(3 * QUIET_MS);
    await scrape(registry);
    blockLoop(80);
    await wait(30);
    const quiet = await scrape(registry);
    expect(quiet.get('nodejs_eventloop_lag_max_seconds')).toBe(0);
    expect(quiet.get('nodejs_eventloop_lag_p99_seconds')).toBe(0);

    loop.busy();
    await wait(30);
    blockLoop(80);
    await wait(30);
    expect((await scrape(registry)).get('nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.07);
  });
});
