import { connect, throughput as measure } from '../load.js';
import { directBatch, stableOperation } from '../operations.js';
import { perSecond, ratio, type ScenarioResult } from '../report.js';
import { type Bench, setLatency, upstreamStats } from './context.js';

interface Cpu {
  cpuMicros: number;
}

const FIELDS = 50;
const SLICE_MS = 1000;
/** Cronofy's documented limit per application. */
const CALLS_PER_SECOND_LIMIT = 50;

/**
 * Scenario 4: writes per second at 0 ms upstream latency with many concurrent callers, through
 * the layer (all callers on one token, and one token each) and straight to the simulator. The
 * three run in alternating one-second slices, so each sees the same machine.
 */
export async function throughput(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, 0);
  const { concurrency, durationMs } = bench.options;
  const layer = connect(bench.server.url, 'graphql', concurrency);
  const direct = connect(bench.simulator.url, 'batch', concurrency);
  const operation = stableOperation(FIELDS);
  const batch = directBatch(FIELDS);
  const modes = {
    shared: { send: () => layer.send(operation, 'bench-shared').then(() => FIELDS) },
    each: { send: (caller: number) => layer.send(operation, `bench-caller-${caller}`).then(() => FIELDS) },
    direct: { send: (caller: number) => direct.send(batch, `bench-direct-${caller}`).then(() => FIELDS) },
  };
  const totals = Object.fromEntries(
    Object.keys(modes).map((m) => [m, { writes: 0, seconds: 0, calls: 0, entries: 0, serverCpuMicros: 0, simulatorCpuMicros: 0 }]),
  );
  const cpu = async () => {
    const [server, simulator] = await Promise.all([bench.server.ask<Cpu>({ type: 'cpu' }), bench.simulator.ask<Cpu>({ type: 'cpu' })]);
    return { server: server.cpuMicros, simulator: simulator.cpuMicros };
  };
  try {
    for (const mode of Object.values(modes)) await measure(concurrency, 300, mode.send); // warm-up
    for (let slice = 0; slice * SLICE_MS < durationMs; slice++) {
      for (const [name, mode] of Object.entries(modes)) {
        const before = await upstreamStats(bench);
        const cpuBefore = await cpu();
        const started = performance.now();
        const rate = await measure(concurrency, SLICE_MS, mode.send);
        const seconds = (performance.now() - started) / 1000;
        const cpuAfter = await cpu();
        const after = await upstreamStats(bench);
        const total = totals[name]!;
        total.serverCpuMicros += cpuAfter.server - cpuBefore.server;
        total.simulatorCpuMicros += cpuAfter.simulator - cpuBefore.simulator;
        total.writes += rate * seconds;
        total.seconds += seconds;
        total.calls += after.calls - before.calls;
        total.entries += after.entries - before.entries;
      }
    }
  } finally {
    await Promise.all([layer.close(), direct.close()]);
  }
  const rate = (name: string) => totals[name]!.writes / totals[name]!.seconds;
  const callsPerSecond = (name: string) => totals[name]!.calls / totals[name]!.seconds;
  const perCall = (name: string) => totals[name]!.entries / totals[name]!.calls;
  const scenario = `4 throughput @0 ms, ${concurrency} callers`;
  const versus = (name: string) => rate(name) / rate('direct');
  const cpuPerWrite = (name: string, process: 'serverCpuMicros' | 'simulatorCpuMicros') => totals[name]![process] / totals[name]!.writes;
  return {
    figures: {
      concurrency,
      fields: FIELDS,
      ...Object.fromEntries(
        Object.keys(modes).map((m) => [
          m,
          {
            writesPerSecond: rate(m),
            callsPerSecond: callsPerSecond(m),
            entriesPerCall: perCall(m),
            serverCpuMicrosPerWrite: cpuPerWrite(m, 'serverCpuMicros'),
            simulatorCpuMicrosPerWrite: cpuPerWrite(m, 'simulatorCpuMicros'),
          },
        ]),
      ),
    },
    rows: [
      { scenario, measure: 'simulator direct, entries/s', value: perSecond(rate('direct')) },
      {
        scenario,
        measure: 'CPU per write: layer process / simulator process',
        value: `${cpuPerWrite('shared', 'serverCpuMicros').toFixed(0)} µs / ${cpuPerWrite('direct', 'simulatorCpuMicros').toFixed(0)} µs`,
      },
      ...(['shared', 'each'] as const).flatMap((m) => {
        const who = m === 'shared' ? 'one shared token' : 'a token each';
        return [
          {
            scenario,
            measure: `layer, ${who}: mutations/s (÷ direct)`,
            value: `${perSecond(rate(m))} (${ratio(versus(m))})`,
            target: '≥ 0.5× direct',
            ok: versus(m) >= 0.5,
          },
          {
            scenario,
            measure: `layer, ${who}: upstream calls/s, entries/call`,
            value: `${perSecond(callsPerSecond(m))}, ${perCall(m).toFixed(1)}`,
          },
          {
            scenario,
            measure: `mutations/s within Cronofy's ${CALLS_PER_SECOND_LIMIT} calls/s`,
            value: perSecond(CALLS_PER_SECOND_LIMIT * perCall(m)),
          },
        ];
      }),
    ],
  };
}
