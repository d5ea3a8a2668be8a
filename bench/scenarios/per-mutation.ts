import { connect, percentile, sampleRoundRobin, type Send } from '../load.js';
import { stableOperation } from '../operations.js';
import { ms, ratio, type ScenarioResult } from '../report.js';
import { type Bench, setLatency, upstreamStats } from './context.js';

const FIELDS = 50;
const TOKEN = 'bench-forwarding';

/**
 * Scenario 3: the layer against per-mutation forwarding (bench/forwarder-process.ts: one
 * upstream request per field, fields run serially), the same 50-mutation operation over HTTP to
 * each, at the injected latency.
 */
export async function perMutation(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, bench.options.latencyMs);
  const layer = connect(bench.server.url, 'graphql', 1);
  const forwarder = connect(bench.forwarder.url, 'graphql', 1);
  const operation = stableOperation(FIELDS);
  const callsOf = async (send: Send) => {
    const before = await upstreamStats(bench);
    await send(operation, TOKEN);
    return (await upstreamStats(bench)).calls - before.calls;
  };
  try {
    // The first request of each also warms it up.
    const calls = { layer: await callsOf(layer.send), forwarder: await callsOf(forwarder.send) };
    const [layerSamples, forwarderSamples] = await sampleRoundRobin(
      [() => layer.send(operation, TOKEN), () => forwarder.send(operation, TOKEN)],
      bench.options.durationMs,
      3,
    );
    const p50 = { layer: percentile(layerSamples!, 50), forwarder: percentile(forwarderSamples!, 50) };
    const callsRatio = calls.forwarder / calls.layer;
    const latencyRatio = p50.forwarder / p50.layer;
    const scenario = `3 vs forwarding @${bench.options.latencyMs} ms`;
    return {
      figures: { calls, p50, callsRatio, latencyRatio, samples: forwarderSamples!.length },
      rows: [
        { scenario, measure: 'upstream calls: forwarding / layer', value: `${calls.forwarder} / ${calls.layer}` },
        { scenario, measure: 'fewer upstream calls', value: ratio(callsRatio), target: '≥ 40×', ok: callsRatio >= 40 },
        { scenario, measure: 'p50: forwarding / layer', value: `${ms(p50.forwarder)} / ${ms(p50.layer)}` },
        { scenario, measure: 'lower latency (p50)', value: ratio(latencyRatio), target: '≥ 20×', ok: latencyRatio >= 20 },
      ],
    };
  } finally {
    await Promise.all([layer.close(), forwarder.close()]);
  }
}
