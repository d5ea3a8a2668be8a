import { connect, percentile, sampleRoundRobin } from '../load.js';
import { changingOperation, directBatch, stableOperation } from '../operations.js';
import { ms, ratio, type Row, type ScenarioResult } from '../report.js';
import { type Bench, setLatency } from './context.js';

const FIELDS = 50;
const TOKEN = 'bench-overhead';

interface Pair {
  name: string;
  measure: string;
  /** What `through` goes through, as the table names it. */
  via: 'layer' | 'proxy';
  /** One request through the layer (or, for the floor, through the pass-through proxy). */
  through: () => Promise<void>;
  /** The same entries, straight to the simulator. */
  direct: string;
}

/**
 * Scenario 2: an operation through the layer against the same entries POSTed straight to the
 * simulator, one request at a time, at the injected latency and at 0 ms. Each kind of operation
 * alternates request by request with its own direct call, so the two share the machine's noise:
 * 50 mutations in a document that stays the same (as clients send it, with variables), 50 in a
 * document with new literals every time (no parse, validation or plan cache helps), one
 * mutation, whose overhead is what every request costs whatever it carries, and the 50 entries
 * through a pass-through proxy (bench/proxy-process.ts): the floor any process in the path adds.
 *
 * The kinds are measured one after another rather than all interleaved: a new-literals request
 * leaves far more garbage than a cached one, and collecting it would be charged to whichever
 * request came next.
 */
export async function overhead(bench: Bench): Promise<ScenarioResult> {
  const layer = connect(bench.server.url, 'graphql', 1);
  const proxy = connect(bench.proxy.url, 'batch', 1);
  const direct = connect(bench.simulator.url, 'batch', 1);
  let sequence = 0;
  const [many, one, batch] = [stableOperation(FIELDS), stableOperation(1), directBatch(FIELDS)];
  const pairs: Pair[] = [
    { name: 'stable', measure: `${FIELDS} mutations, same document`, via: 'layer', through: () => layer.send(many, TOKEN), direct: batch },
    {
      name: 'changing',
      measure: `${FIELDS} mutations, new literals`,
      via: 'layer',
      through: () => layer.send(changingOperation(FIELDS, sequence++), TOKEN),
      direct: batch,
    },
    { name: 'single', measure: '1 mutation, same document', via: 'layer', through: () => layer.send(one, TOKEN), direct: directBatch(1) },
    { name: 'proxy', measure: `${FIELDS} entries, no GraphQL`, via: 'proxy', through: () => proxy.send(batch, TOKEN), direct: batch },
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
        const variants = [pair.through, () => direct.send(pair.direct, TOKEN)];
        await sampleRoundRobin(variants, 1000); // warm-up: JIT, connections, caches
        const [throughSamples, directSamples] = await sampleRoundRobin(variants, bench.options.durationMs, 20);
        const through = { p50: percentile(throughSamples!, 50), p99: percentile(throughSamples!, 99) };
        const straight = { p50: percentile(directSamples!, 50), p99: percentile(directSamples!, 99) };
        const ratioP50 = through.p50 / straight.p50;
        at[pair.name] = {
          [pair.via]: through,
          direct: straight,
          samples: throughSamples!.length,
          ratioP50,
          ratioP99: through.p99 / straight.p99,
          addedP50: through.p50 - straight.p50,
        };
        rows.push(
          {
            scenario,
            measure: `${pair.measure}: ${pair.via} / direct p50 (p99)`,
            value: `${ms(through.p50)} / ${ms(straight.p50)} (${ms(through.p99)} / ${ms(straight.p99)})`,
          },
          {
            scenario,
            measure: `${pair.measure}: ${pair.via} ÷ direct p50, added`,
            value: `${ratio(ratioP50)}, +${ms(through.p50 - straight.p50)}`,
            ...(targeted && pair.name === 'stable' && { target: 'p50 ≤ 1.05×', ok: ratioP50 <= 1.05 }),
          },
        );
      }
      figures[`${latencyMs}ms`] = at;
    }
  } finally {
    await Promise.all([layer.close(), proxy.close(), direct.close()]);
  }
  return { rows, figures };
}
