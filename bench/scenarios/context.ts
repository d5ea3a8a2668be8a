import type { BenchProcess } from '../ipc.js';
import type { Options } from '../options.js';

/** The processes every scenario drives, started once per run. */
export interface Bench {
  options: Options;
  simulator: BenchProcess;
  /** The service with the trusted documents' manifest, running documents sent as text too (scenarios 1–5, 7's text figure). */
  server: BenchProcess;
  /** The service as production runs it with a manifest: its documents only, none sent as text (scenario 7). */
  trustedServer: BenchProcess;
  forwarder: BenchProcess;
  /** A pass-through proxy in front of the simulator: the cost of one more process, without GraphQL. */
  proxy: BenchProcess;
  /** A stock Yoga server over the same SDL whose resolvers answer constants: Yoga's own cost. */
  stock: BenchProcess;
  /** Bodies that run the servers' trusted documents by id, one document each (scenario 7). */
  trusted: string[];
}

export async function upstreamStats(bench: Bench): Promise<{ calls: number; entries: number }> {
  return bench.simulator.ask({ type: 'stats' });
}

export async function setLatency(bench: Bench, latencyMs: number): Promise<void> {
  await bench.simulator.ask({ type: 'latency', latencyMs });
}
