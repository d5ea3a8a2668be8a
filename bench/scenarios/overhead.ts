import { connect, percentile, sampleRoundRobin } from '../load.js';
import { changingOperation, directBatch, stableOperation } from '../operations.js';
import { ms, ratio, type Row, type ScenarioResult } from '../report.js';
import { type Bench, setLatency } from './context.js';

const FIELDS = 50;
const TOKEN = 'bench-overhead';

/**
 * Scenario 2: a 50-mutation operation through the layer against the same 50 entries POSTed
 * straight to the simulator, one request at a time, the three kinds interleaved so that they
 * share the machine's noise. Run at the injected latency and at 0 ms.
 */
export async function overhead(bench: Bench): Promise<ScenarioResult> {
  const layer = connect(bench.server.url, 'graphql', 1);
  const direct = connect(bench.simulator.url, 'batch', 1);
  const stable = stableOperation(FIELDS);
  const batch = directBatch(FIELDS);
  let sequence = 0;
  const variants = [
    () => layer.send(stable, TOKEN),
    () => layer.send(changingOperation(FIELDS, sequence++), TOKEN),
    () => direct.send(batch, TOKEN),
  ];
  const rows: Row[] = [];
  const figures: Record<string, unknown> = {};
  try {
    for (const latencyMs of [bench.options.latencyMs, 0]) {
      await setLatency(bench, latencyMs);
      await sampleRoundRobin(variants, 1000); // warm-up: JIT, connections, caches
      const [layerStable, layerChanging, directCall] = await sampleRoundRobin(variants, bench.options.durationMs, 20);
      const d50 = percentile(directCall!, 50);
      const d99 = percentile(directCall!, 99);
      const figure = (samples: number[]) => ({
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        ratioP50: percentile(samples, 50) / d50,
        ratioP99: percentile(samples, 99) / d99,
        samples: samples.length,
      });
      const at = {
        direct: { p50: d50, p99: d99, samples: directCall!.length },
        stable: figure(layerStable!),
        changing: figure(layerChanging!),
      };
      figures[`${latencyMs}ms`] = at;
      const scenario = `2 overhead @${latencyMs} ms`;
      const targeted = latencyMs === bench.options.latencyMs && latencyMs > 0;
      rows.push(
        { scenario, measure: 'direct undici p50 / p99', value: `${ms(d50)} / ${ms(d99)}` },
        { scenario, measure: 'layer, same document p50 / p99', value: `${ms(at.stable.p50)} / ${ms(at.stable.p99)}` },
        {
          scenario,
          measure: 'layer ÷ direct, same document p50 / p99',
          value: `${ratio(at.stable.ratioP50)} / ${ratio(at.stable.ratioP99)}`,
          ...(targeted && { target: 'p50 ≤ 1.05×', ok: at.stable.ratioP50 <= 1.05 }),
        },
        { scenario, measure: 'layer added p50, same document', value: ms(at.stable.p50 - d50) },
        { scenario, measure: 'layer, new literals p50 / p99', value: `${ms(at.changing.p50)} / ${ms(at.changing.p99)}` },
        {
          scenario,
          measure: 'layer ÷ direct, new literals p50 / p99',
          value: `${ratio(at.changing.ratioP50)} / ${ratio(at.changing.ratioP99)}`,
        },
      );
    }
  } finally {
    await Promise.all([layer.close(), direct.close()]);
  }
  return { rows, figures };
}
