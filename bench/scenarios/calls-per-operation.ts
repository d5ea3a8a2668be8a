import { connect } from '../load.js';
import { stableOperation } from '../operations.js';
import type { ScenarioResult } from '../report.js';
import { type Bench, setLatency, upstreamStats } from './context.js';

/** Scenario 1: an operation of N mutation fields takes exactly ceil(N / 50) upstream calls. */
export async function callsPerOperation(bench: Bench): Promise<ScenarioResult> {
  await setLatency(bench, 0);
  const layer = connect(bench.server.url, 'graphql', 1);
  const figures: Record<string, { calls: number; expected: number }> = {};
  try {
    for (const n of [1, 10, 50, 51, 200]) {
      const before = await upstreamStats(bench);
      await layer.send(stableOperation(n), 'bench-calls');
      const after = await upstreamStats(bench);
      figures[n] = { calls: after.calls - before.calls, expected: Math.ceil(n / 50) };
    }
  } finally {
    await layer.close();
  }
  return {
    figures,
    rows: Object.entries(figures).map(([n, { calls, expected }]) => ({
      scenario: '1 calls per operation',
      measure: `N = ${n} mutation fields`,
      value: `${calls} call${calls === 1 ? '' : 's'}`,
      target: `= ${expected}`,
      ok: calls === expected,
    })),
  };
}
