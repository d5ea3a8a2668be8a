import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { startProcess } from './ipc.js';
import { ensureBuilt } from './dist.js';
import { trustedOperations } from './operations.js';
import { type Options, parseOptions, USAGE, UsageError } from './options.js';
import { renderTable, type Row, type ScenarioResult } from './report.js';
import { callsPerOperation } from './scenarios/calls-per-operation.js';
import type { Bench } from './scenarios/context.js';
import { checkFleetNeeds, fleet } from './scenarios/fleet.js';
import { memory } from './scenarios/memory.js';
import { overhead } from './scenarios/overhead.js';
import { perMutation } from './scenarios/per-mutation.js';
import { TRUSTED_DOCUMENTS, edgeRatios } from './scenarios/edge-ratios.js';
import { startUp } from './scenarios/start-up.js';
import { throughput } from './scenarios/throughput.js';

/**
 * `npm run bench`: starts the simulator, the service and the per-mutation baseline as separate
 * processes on loopback (and, for the fleet scenario, a fleet of its own), drives them over HTTP
 * with undici, prints one table and writes it as JSON. See docs/benchmarks.md for a full run.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const rows: Row[] = [];
  const figures: Record<string, unknown> = {};
  const record = async (name: string, scenario: () => Promise<ScenarioResult>) => {
    process.stderr.write(`running ${name}…\n`);
    const result = await scenario();
    rows.push(...result.rows);
    figures[name] = result.figures;
  };

  if (options.scenarios.includes(6)) await checkFleetNeeds();
  // The service is measured as built (`bench/server-process.ts`, `node dist/main.js`).
  ensureBuilt();
  // Scenario 7 first: its CPU ratios are the finest figures here, and what the earlier scenarios
  // leave in the processes it shares (the driver, the simulator) weighs on them (a trusted mutation
  // measured 26.3 µs after scenario 4, 22.5 µs without it). Then by number, 5 last, whose million
  // writes leave a heap that would weigh on the others.
  const scenarios = [
    [7, 'edgeRatios', edgeRatios],
    [1, 'callsPerOperation', callsPerOperation],
    [2, 'overhead', overhead],
    [3, 'perMutation', perMutation],
    [4, 'throughput', throughput],
    [5, 'memory', memory],
  ] as const;
  const selected = scenarios.filter(([number]) => options.scenarios.includes(number));
  if (selected.length > 0) {
    const bench = await startBench(options);
    try {
      for (const [, name, scenario] of selected) await record(name, () => scenario(bench));
    } finally {
      await Promise.all([bench.server.stop(), bench.trustedServer.stop(), bench.forwarder.stop(), bench.proxy.stop(), bench.stock.stop()]);
      await bench.simulator.stop();
    }
  }
  // Scenario 6 starts processes of its own: a simulator that enforces rate limits, Redis, three servers.
  if (options.scenarios.includes(6)) await record('fleet', () => fleet(options));
  // Scenario 8 spawns `node dist/main.js` again and again, as `npm start` does.
  if (options.scenarios.includes(8)) await record('startUp', () => startUp(options));

  const seconds = (performance.now() - started) / 1000;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log(renderTable(rows));
  console.log(`\n${machine.cores} × ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}; ${seconds.toFixed(0)} s`);
  mkdirSync(dirname(options.out), { recursive: true });
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, '');
  writeFileSync(options.out, `${JSON.stringify({ command, options, machine, seconds, rows, figures }, null, 2)}\n`);
  const missed = rows.filter((r) => r.ok === false);
  if (missed.length > 0) {
    console.error(`\n${missed.length} target(s) missed: ${missed.map((r) => `${r.scenario}: ${r.measure}`).join('; ')}`);
    process.exitCode = 1;
  }
}

/** The processes scenarios 1–5 and 7 share. */
async function startBench(options: Options): Promise<Bench> {
  // Production mode for what is measured: graphql-js skips its development-only checks.
  const production = { NODE_ENV: 'production' };
  const simulator = await startProcess('simulator-process.ts', { BENCH_LATENCY_MS: '0' });
  // Trusted documents as a frontend registers them; documents sent as text still run (scenarios 2–5).
  const { manifest, bodies: trusted } = trustedOperations(50, TRUSTED_DOCUMENTS);
  const manifestPath = join(mkdtempSync(join(tmpdir(), 'bench-')), 'persisted-documents.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  // The simulator enforces no rate limits here: what is measured is the service, not Cronofy's budget.
  const upstream = { ...production, CRONOFY_API_URL: simulator.url, CRONOFY_RATE_PER_SECOND: '100000', CRONOFY_RATE_PER_MINUTE: '6000000' };
  const serverOptions = ['--expose-gc', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])];
  const [server, trustedServer, forwarder, proxy, stock] = await Promise.all([
    startProcess('server-process.ts', { ...upstream, TRUSTED_DOCUMENTS: manifestPath, TRUSTED_DOCUMENTS_ONLY: 'false' }, serverOptions),
    // As production runs it with a manifest: its documents only (TRUSTED_DOCUMENTS_ONLY's default there).
    startProcess('server-process.ts', { ...upstream, TRUSTED_DOCUMENTS: manifestPath }, serverOptions),
    startProcess('forwarder-process.ts', upstream),
    startProcess('proxy-process.ts', upstream),
    startProcess('stock-yoga-process.ts', production),
  ]);
  return { options, simulator, server, trustedServer, forwarder, proxy, stock, trusted };
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});
