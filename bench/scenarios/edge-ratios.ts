import { cpuMsOf, ENTRY, ensureBuilt, startNode, stopNode } from '../dist.js';
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
const IDLE_SETTLE_MS = 5_000;
const IDLE_AFTER_START_MS = 30_000;
const IDLE_WINDOWS = 7;
/** CPU a second that `top` and a container's CPU graph show, at their 0.1 % of a core: below it, none is measurable there. */
const IDLE_MEASURABLE_MS = 1;
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end()).listen(0, '127.0.0.1', function () { console.log('listening at http://127.0.0.1:' + this.address().port) })`;

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
 * - CPU per mutation: concurrent callers through the layer (warm trusted document), through the
 *   proxy and to stock Yoga, in alternating one-second slices after a full collection of the
 *   trusted service's heap, then, for comparison, the same document as text; the layer's CPU per
 *   trusted mutation may be at most 6× the proxy's CPU per entry.
 *
 * The trusted figures come from a service with the manifest alone, as production runs it with one
 * (`bench.trustedServer`, trusted documents only); the text figure from the service that runs text
 * too (`bench.server`), in slices after the others, so that neither process's work sits between
 * the trusted slices.
 */
export async function edgeRatios(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, 0);
  const { concurrency, durationMs } = bench.options;
  const [warm, ...fresh] = bench.trusted as [string, ...string[]];
  const layer = connect(bench.trustedServer.url, 'graphql', concurrency);
  const textLayer = connect(bench.server.url, 'graphql', concurrency);
  const proxy = connect(bench.proxy.url, 'batch', concurrency);
  const direct = connect(bench.simulator.url, 'batch', 1);
  const stock = connect(bench.stock.url, 'graphql', concurrency);
  const batch = directBatch(FIELDS);
  const text = stableOperation(FIELDS);
  const scenario = '7 edge ratios @0 ms';
  const rows: Row[] = [];
  // Started now, so the start-up tail (V8 settling the heap it loaded) is over when they are measured, last.
  const idling = await startIdlers(bench);
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
      trusted: { process: bench.trustedServer, send: (caller: number) => layer.send(warm, `bench-ratios-${caller}`) },
      // The service that runs text too: a trusted-only one refuses it.
      text: { process: bench.server, send: (caller: number) => textLayer.send(text, `bench-ratios-${caller}`) },
      proxy: { process: bench.proxy, send: (caller: number) => proxy.send(batch, `bench-ratios-${caller}`) },
      // Fields answered, for lack of writes: what Yoga and graphql-js cost per field doing nothing else.
      stock: { process: bench.stock, send: () => stock.send(text, TOKEN) },
    };
    const totals = Object.fromEntries(Object.keys(modes).map((m) => [m, { writes: 0, cpuMicros: 0 }]));
    for (const mode of Object.values(modes)) await measure(concurrency, 300, () => mode.send(0).then(() => FIELDS));
    const slices = async (names: Array<keyof typeof modes>) => {
      for (let slice = 0; slice * SLICE_MS < durationMs; slice++) {
        for (const name of names) {
          const mode = modes[name];
          const before = { cpu: await mode.process.ask<Cpu>({ type: 'cpu' }), upstream: await upstreamStats(bench) };
          const started = performance.now();
          const rate = await measure(concurrency, SLICE_MS, (caller) => mode.send(caller).then(() => FIELDS));
          const seconds = (performance.now() - started) / 1000;
          const after = { cpu: await mode.process.ask<Cpu>({ type: 'cpu' }), upstream: await upstreamStats(bench) };
          totals[name]!.writes += name === 'stock' ? rate * seconds : after.upstream.entries - before.upstream.entries;
          totals[name]!.cpuMicros += after.cpu.cpuMicros - before.cpu.cpuMicros;
        }
      }
    };
    // The service's heap collected first, so that garbage of the measurements above is not
    // collected, and counted, in these slices.
    await bench.trustedServer.ask({ type: 'memory' });
    await slices(['trusted', 'proxy', 'stock']);
    await slices(['text']);
    const cpuPer = (name: string) => totals[name]!.cpuMicros / totals[name]!.writes;
    const cpuRatio = cpuPer('trusted') / cpuPer('proxy');

    const idle = await idling.measure();

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
      {
        scenario,
        measure: 'stock Yoga CPU per field ÷ proxy CPU per entry',
        value: `${ratio(cpuPer('stock') / cpuPer('proxy'))} (${cpuPer('stock').toFixed(1)} µs)`,
      },
      { scenario, measure: 'CPU per mutation ÷ proxy CPU per entry', value: ratio(cpuRatio), target: '≤ 6×', ok: cpuRatio <= 6 },
      {
        scenario,
        measure: 'idle CPU (median second): node dist/main.js / a bare Node HTTP server',
        value: `${idle.layer.toFixed(2)} ms/s / ${idle.bare.toFixed(2)} ms/s`,
        target: '< 1 ms/s (top: 0.0 %)',
        ok: idle.layer < IDLE_MEASURABLE_MS,
      },
    );
    return {
      rows,
      figures: {
        latencyP50: { layer: layerSamples, proxy: proxySamples, stock: stockSamples, direct: directSamples },
        added,
        latencyRatio,
        firstUse: { first: firstP50, warm: warmP50, ratio: firstUseRatio, samples: firstSamples!.length },
        cpuMicrosPerWrite: { trusted: cpuPer('trusted'), text: cpuPer('text'), proxy: cpuPer('proxy'), stockPerField: cpuPer('stock') },
        cpuRatio,
        idleCpuMsPerSecond: idle,
      },
    };
  } finally {
    await Promise.all([layer.close(), textLayer.close(), proxy.close(), direct.close(), stock.close(), idling.stop()]);
  }
}

/**
 * CPU a second of the service doing nothing, as production runs it (`node dist/main.js`, no tsx,
 * no benchmark channel), against a bare Node HTTP server started the same way. Both start before
 * the scenario's other measurements, and are measured after them.
 */
async function startIdlers(bench: Bench) {
  ensureBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0', CRONOFY_API_URL: bench.simulator.url };
  for (const name of ['CRONOFY_DATA_CENTER', 'HOST', 'LOG_FORMAT', 'LOG_LEVEL', 'NODE_OPTIONS', 'TRUSTED_DOCUMENTS']) delete env[name];
  const layer = await startNode([ENTRY], env, /GraphQL(?: and GraphiQL)? at (http[^\s"]+)/);
  const bare = await startNode(['-e', BARE_SERVER], env, /listening at (http\S+)/);
  const startedAt = performance.now();
  // Whatever a first request loads or compiles is done before the quiet starts.
  const write = connect(layer.url, 'graphql', 1);
  await write.send(stableOperation(1), 'bench-idle');
  await write.close();
  return {
    async measure(): Promise<{ layer: number; bare: number; windows: { layer: number[]; bare: number[] } }> {
      // V8 settles the heap a start leaves for about half a minute (one full collection near 15 s).
      const settle = Math.max(IDLE_SETTLE_MS, IDLE_AFTER_START_MS - (performance.now() - startedAt));
      await new Promise((resolve) => setTimeout(resolve, settle));
      const windows = { layer: [] as number[], bare: [] as number[] };
      for (let window = 0; window < IDLE_WINDOWS; window++) {
        const before = { layer: cpuMsOf(layer.child.pid!), bare: cpuMsOf(bare.child.pid!) };
        const started = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const seconds = (performance.now() - started) / 1000;
        windows.layer.push((cpuMsOf(layer.child.pid!) - before.layer) / seconds);
        windows.bare.push((cpuMsOf(bare.child.pid!) - before.bare) / seconds);
      }
      return { layer: percentile(windows.layer, 50), bare: percentile(windows.bare, 50), windows };
    },
    stop: () => Promise.all([stopNode(layer.child), stopNode(bare.child)]),
  };
}
