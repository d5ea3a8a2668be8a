import { parseArgs } from 'node:util';

export interface Options {
  /** Upstream latency injected for scenarios 2, 3 and 6 (scenario 2 also runs at 0 ms). */
  latencyMs: number;
  /** Concurrent callers in scenarios 4 and 5. */
  concurrency: number;
  /** How long each latency and throughput measurement runs (in scenario 6, its latency part). */
  durationMs: number;
  /** Writes in scenario 5, after a warm-up. */
  mutations: number;
  /** Where the JSON goes. */
  out: string;
  /** Scenarios to run, by number: all eight unless narrowed. */
  scenarios: number[];
  /** Write a V8 CPU profile of the server process into this folder. */
  cpuProfileDir: string | undefined;
}

export const USAGE = `npm run bench -- [--latency 20] [--concurrency 16] [--duration 5] [--mutations 200000] [--out bench/results/latest.json] [--scenarios 1,2,3,4,5,6,7,8] [--cpu-prof DIR]
  --latency      upstream latency in ms the simulator adds for scenarios 2, 3 and 6 (scenario 2 also runs at 0)
  --concurrency  concurrent callers for throughput and memory (scenarios 4 and 5)
  --duration     seconds each latency and throughput measurement runs
  --mutations    writes sent in the memory scenario after warm-up (1000000 for the full run)
  --out          where the JSON of the run is written
  --scenarios    which scenarios to run, e.g. 2,4 (6, the fleet, needs redis-server; 7, the edge ratios of issue 13; 8, start-up: needs dist/, built if stale)
  --cpu-prof     write a CPU profile of the server process into DIR (open it in Chrome DevTools)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--latency 20 --concurrency 16 …` → Options, or a UsageError that names the bad option. */
export function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        latency: { type: 'string', default: '20' },
        concurrency: { type: 'string', default: '16' },
        duration: { type: 'string', default: '5' },
        mutations: { type: 'string', default: '200000' },
        out: { type: 'string', default: 'bench/results/latest.json' },
        scenarios: { type: 'string', default: '1,2,3,4,5,6,7,8' },
        'cpu-prof': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError('');
  return {
    latencyMs: number('--latency', values.latency, 0, 10_000),
    concurrency: number('--concurrency', values.concurrency, 1, 1024),
    durationMs: number('--duration', values.duration, 1, 600) * 1000,
    mutations: number('--mutations', values.mutations, 50, 100_000_000),
    out: values.out,
    scenarios: values.scenarios.split(',').map((n) => number('--scenarios', n, 1, 8)),
    cpuProfileDir: values['cpu-prof'],
  };
}

function number(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${name} takes a number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}
