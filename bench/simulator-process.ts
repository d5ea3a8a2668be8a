import { CronofySimulator } from '../src/simulator/index.js';
import { serve } from './ipc.js';

/** Tokens the benchmark writes with; the simulator makes an account for each on first use. */
export const BENCH_TOKEN_PREFIX = 'bench-';

/**
 * The embedded Cronofy simulator as a process of its own. Answers `latency` (sets the injected
 * upstream latency) and `stats` (calls and entries answered so far). Recorded calls are counted
 * and dropped as they come, so a run of a million writes does not fill this process's memory.
 */
const simulator = await CronofySimulator.start({
  latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 0),
  acceptTokenPrefix: BENCH_TOKEN_PREFIX,
});

let calls = 0;
let entries = 0;
const drain = () => {
  for (const call of simulator.calls) entries += call.entries.length;
  calls += simulator.calls.length;
  simulator.calls.length = 0;
};
setInterval(drain, 250).unref();

serve(
  simulator.url,
  {
    latency: ({ latencyMs }) => {
      simulator.latencyMs = Number(latencyMs);
      return {};
    },
    cpu: () => {
      const { user, system } = process.cpuUsage();
      return { cpuMicros: user + system };
    },
    stats: () => {
      drain();
      return { calls, entries };
    },
  },
  () => simulator.close(),
);
