import { connect, percentile, sampleRoundRobin, throughput as measure } from '../load.js';
import { directBatch, stableOperation } from '../operations.js';
import { ms, ratio, type Row, type ScenarioResult } from '../report.js';
import { type Bench, setLatency, upstreamStats } from './context.js';

/** Trusted documents the server loads: one used warm, the others each used once, for first uses. */
export const TRUSTED_DOCUMENTS = 400;
const FIELDS = 50;
const TOKEN = 'bench-ratios';
/** First uses not counted: the code paths of a document's first use get warm too. */
const FIRST_USE_WARM_UP = 30;
const SLICE_MS = 1000;

interface Cpu {
  cpuMicros: number;
}

/**
 * Scenario 7: the ratios of issue 13, each measured against the pass-through proxy in this run.
 *
 * - Latency at 0 ms upstream latency, one request at a time, round-robin: a warm 50-field trusted
 *   document sent by id, the 50 entries straight to the simulator, the same entries through the
 *   proxy, and the 50-field document sent to a stock Yoga server whose resolvers answer constants.
 *   What the layer adds (its p50 less the direct p50) may be at most 3× what the proxy adds; the
 *   stock Yoga server's whole p50 is what Yoga costs when it does nothing, for comparison.
 * - A trusted document's first use, alternating with the warm one: at most 1.2× its p50.
 * - CPU per mutation: concurrent callers through the layer (warm trusted document, and the same
 *   document as text) and through the proxy, in alternating one-second slices; the layer's CPU per
 *   mutation may be at most 6× the proxy's CPU per entry.
 * - Idle CPU: nothing sent for the measuring time, after a settling second; the layer should use
 *   no more than a process that does nothing (the proxy) beyond 0.5 ms a second.
 */
export async function edgeRatios(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, 0);
  const { concurrency, durationMs } = bench.options;
  const [warm, ...fresh] = bench.trusted as [string, ...string[]];
  const layer = connect(bench.server.url, 'graphql', concurrency);
  const proxy = connect(bench.proxy.url, 'batch', concurrency);
  const direct = connect(bench.simulator.url, 'batch', 1);
  const stock = connect(bench.stock.url, 'graphql', 1);
  const batch = directBatch(FIELDS);
  const text = stableOperation(FIELDS);
  const scenario = '7 edge ratios @0 ms';
  const rows: Row[] = [];
  try {
    // Latency: the layer, the proxy and stock Yoga against the same direct calls.
    const variants = [
      () => layer.send(warm, TOKEN),
      () => proxy.send(batch, TOKEN),
      () => stock.send(text, TOKEN),
      () => direct.send(batch, TOKEN),
    ];
    await sampleRoundRobin(variants, 1000);
    const [layerSamples, proxySamples, stockSamples, directSamples] = (await sampleRoundRobin(variants, durationMs, 20)).map((s) =>
      percentile(s, 50),
    ) as [number, number, number, number];
    const added = { layer: layerSamples - directSamples, proxy: proxySamples - directSamples, stock: stockSamples };
    const latencyRatio = added.layer / added.proxy;

    // First use of a trusted document against its warm use, alternating.
    let next = 0;
    const firstUse = () => layer.send(fresh[next++ % fresh.length]!, TOKEN);
    const warmUse = () => layer.send(warm, TOKEN);
    await sampleRoundRobin([firstUse, warmUse], 0, FIRST_USE_WARM_UP);
    const [firstSamples, warmSamples] = await sampleRoundRobin([firstUse, warmUse], 0, fresh.length - FIRST_USE_WARM_UP);
    const firstP50 = percentile(firstSamples!, 50);
    const warmP50 = percentile(warmSamples!, 50);
    const firstUseRatio = firstP50 / warmP50;

    // CPU per mutation against the proxy's CPU per entry, in alternating slices.
    const modes = {
      trusted: { process: bench.server, send: (caller: number) => layer.send(warm, `bench-ratios-${caller}`) },
      text: { process: bench.server, send: (caller: number) => layer.send(text, `bench-ratios-${caller}`) },
      proxy: { process: bench.proxy, send: (caller: number) => proxy.send(batch, `bench-ratios-${caller}`) },
    };
    const totals = Object.fromEntries(Object.keys(modes).map((m) => [m, { writes: 0, cpuMicros: 0 }]));
    for (const mode of Object.values(modes)) await measure(concurrency, 300, () => mode.send(0).then(() => FIELDS));
    for (let slice = 0; slice * SLICE_MS < durationMs; slice++) {
      for (const [name, mode] of Object.entries(modes)) {
        const before = { cpu: await mode.process.ask<Cpu>({ type: 'cpu' }), upstream: await upstreamStats(bench) };
        await measure(concurrency, SLICE_MS, (caller) => mode.send(caller).then(() => FIELDS));
        const after = { cpu: await mode.process.ask<Cpu>({ type: 'cpu' }), upstream: await upstreamStats(bench) };
        totals[name]!.writes += after.upstream.entries - before.upstream.entries;
        totals[name]!.cpuMicros += after.cpu.cpuMicros - before.cpu.cpuMicros;
      }
    }
    const cpuPer = (name: string) => totals[name]!.cpuMicros / totals[name]!.writes;
    const cpuRatio = cpuPer('trusted') / cpuPer('proxy');

    // Idle: every process given the same quiet time after a settling second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleOf = [bench.server, bench.proxy, bench.stock];
    const idleBefore = await Promise.all(idleOf.map((p) => p.ask<Cpu>({ type: 'cpu' })));
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    const idleAfter = await Promise.all(idleOf.map((p) => p.ask<Cpu>({ type: 'cpu' })));
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const [serverIdle, proxyIdle, stockIdle] = idleAfter.map(
      (after, i) => (after.cpuMicros - idleBefore[i]!.cpuMicros) / 1000 / idleSeconds,
    ) as [number, number, number];

    rows.push(
      {
        scenario,
        measure: 'p50: layer (trusted, warm) / proxy / stock Yoga / direct',
        value: [layerSamples, proxySamples, stockSamples, directSamples].map(ms).join(' / '),
      },
      {
        scenario,
        measure: 'added p50: layer / proxy (stock Yoga, whole)',
        value: `${ms(added.layer)} / ${ms(added.proxy)} (${ms(added.stock)})`,
      },
      { scenario, measure: 'layer adds ÷ proxy adds', value: ratio(latencyRatio), target: '≤ 3×', ok: latencyRatio <= 3 },
      { scenario, measure: 'stock Yoga ÷ proxy adds', value: ratio(added.stock / added.proxy) },
      { scenario, measure: 'trusted document p50: first use / warm', value: `${ms(firstP50)} / ${ms(warmP50)}` },
      { scenario, measure: 'first use ÷ warm', value: ratio(firstUseRatio), target: '≤ 1.2×', ok: firstUseRatio <= 1.2 },
      {
        scenario,
        measure: `CPU per mutation (trusted / text), ${concurrency} callers; proxy per entry`,
        value: `${cpuPer('trusted').toFixed(1)} µs / ${cpuPer('text').toFixed(1)} µs; ${cpuPer('proxy').toFixed(1)} µs`,
      },
      { scenario, measure: 'CPU per mutation ÷ proxy CPU per entry', value: ratio(cpuRatio), target: '≤ 6×', ok: cpuRatio <= 6 },
      {
        scenario,
        measure: 'idle CPU: layer / proxy / stock Yoga',
        value: [serverIdle, proxyIdle, stockIdle].map((v) => `${v.toFixed(2)} ms/s`).join(' / '),
        target: '≤ proxy + 0.5 ms/s',
        ok: serverIdle <= proxyIdle + 0.5,
      },
    );
    return {
      rows,
      figures: {
        latencyP50: { layer: layerSamples, proxy: proxySamples, stock: stockSamples, direct: directSamples },
        added,
        latencyRatio,
        firstUse: { first: firstP50, warm: warmP50, ratio: firstUseRatio, samples: firstSamples!.length },
        cpuMicrosPerWrite: { trusted: cpuPer('trusted'), text: cpuPer('text'), proxy: cpuPer('proxy') },
        cpuRatio,
        idleCpuMsPerSecond: { server: serverIdle, proxy: proxyIdle, stock: stockIdle },
      },
    };
  } finally {
    await Promise.all([layer.close(), proxy.close(), direct.close(), stock.close()]);
  }
}
