import { connect, percentile, sampleRoundRobin } from '../load.js';
import { changingOperation, directBatch, stableOperation } from '../operations.js';
import { ms, ratio, type Row, type ScenarioResult } from '../report.js';
import { type Bench, setLatency } from './context.js';

const FIELDS = 50;
const TOKEN = 'bench-overhead';

interface Pair {
  name: string;
  measure: string;
  /** The body of the next request to the layer. */
  layer: () => string;
  direct: string;
}

/**
 * Scenario 2: an operation through the layer against the same entries POSTed straight to the
 * simulator, one request at a time, at the injected latency and at 0 ms. Each kind of operation
 * alternates request by request with its own direct call, so the two share the machine's noise:
 * 50 mutations in a document that stays the same (as clients send it, with variables), 50 in a
 * document with new literals every time (no parse, validation or plan cache helps), and one
 * mutation, whose overhead is what every request costs whatever it carries.
 *
 * The kinds are measured one after another rather than all interleaved: a new-literals request
 * leaves about ten times the garbage of a cached one, and collecting it would be charged to
 * whichever request came next.
 */
export async function overhead(bench: Bench): Promise<ScenarioResult> {
  const layer = connect(bench.server.url, 'graphql', 1);
  const direct = connect(bench.simulator.url, 'batch', 1);
  let sequence = 0;
  const [many, one] = [stableOperation(FIELDS), stableOperation(1)];
  const pairs: Pair[] = [
    { name: 'stable', measure: `${FIELDS} mutations, same document`, layer: () => many, direct: directBatch(FIELDS) },
    {
      name: 'changing',
      measure: `${FIELDS} mutations, new literals`,
      layer: () => changingOperation(FIELDS, sequence++),
      direct: directBatch(FIELDS),
    },
    { name: 'single', measure: '1 mutation, same document', layer: () => one, direct: directBatch(1) },
  ];
  const rows: Row[] = [];
  const figures: Record<string, unknown> = {};
  try {
    for (const latencyMs of [bench.options.latencyMs, 0]) {
      await setLatency(bench, latencyMs);
      const scenario = `2 overhead @${latencyMs} ms`;
      const targeted = latencyMs === bench.options.latencyMs && latencyMs > 0;
      const at: Record<string, unknown> = {};
      for (const pair of pairs) {
        const variants = [() => layer.send(pair.layer(), TOKEN), () => direct.send(pair.direct, TOKEN)];
        await sampleRoundRobin(variants, 1000); // warm-up: JIT, connections, caches, compiled fields
        const [layerSamples, directSamples] = await sampleRoundRobin(variants, bench.options.durationMs, 20);
        const figure = {
          layer: { p50: percentile(layerSamples!, 50), p99: percentile(layerSamples!, 99) },
          direct: { p50: percentile(directSamples!, 50), p99: percentile(directSamples!, 99) },
          samples: layerSamples!.length,
        };
        const ratioP50 = figure.layer.p50 / figure.direct.p50;
        at[pair.name] = {
          ...figure,
          ratioP50,
          ratioP99: figure.layer.p99 / figure.direct.p99,
          addedP50: figure.layer.p50 - figure.direct.p50,
        };
        rows.push(
          {
            scenario,
            measure: `${pair.measure}: layer / direct p50 (p99)`,
            value: `${ms(figure.layer.p50)} / ${ms(figure.direct.p50)} (${ms(figure.layer.p99)} / ${ms(figure.direct.p99)})`,
          },
          {
            scenario,
            measure: `${pair.measure}: layer ÷ direct p50, added`,
            value: `${ratio(ratioP50)}, +${ms(figure.layer.p50 - figure.direct.p50)}`,
            ...(targeted && pair.name === 'stable' && { target: 'p50 ≤ 1.05×', ok: ratioP50 <= 1.05 }),
          },
        );
      }
      figures[`${latencyMs}ms`] = at;
    }
  } finally {
    await Promise.all([layer.close(), direct.close()]);
  }
  return { rows, figures };
}
