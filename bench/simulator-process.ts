import { CronofySimulator, type RateLimits } from '../src/simulator/index.js';
import { ApplicationRateLimits } from '../src/simulator/rate-limits.js';
import { cpuUsed, serve } from './ipc.js';

/** Tokens the benchmark writes with; the simulator makes an account for each on first use. */
export const BENCH_TOKEN_PREFIX = 'bench-';

/** One call the simulator answered, as the fleet scenario checks it against the callers' answers. */
export interface KeptCall {
  /** When it arrived, in ms since the epoch: comparable with the other processes' `Date.now()`. */
  at: number;
  token: string;
  eventIds: string[];
  /** The status of each entry, in order. */
  statuses: number[];
}

/**
 * The embedded Cronofy simulator as a process of its own. Answers `latency` (sets the injected
 * upstream latency) and `stats` (calls and entries answered so far, and requests refused with
 * 429). Recorded calls are counted and dropped as they come, so a run of a million writes does
 * not fill this process's memory.
 *
 * For the fleet scenario: BENCH_RATE_PER_SECOND and BENCH_RATE_PER_MINUTE make it enforce
 * Cronofy's application limits (429 past either), and BENCH_KEEP_CALLS=1 keeps every call's
 * arrival time and event ids, and the arrival of every request refused, for `calls`. `reset`
 * empties those and the limits' windows, or, with `limits: false`, lifts the limits.
 */
const simulator = await CronofySimulator.start({
  latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 0),
  acceptTokenPrefix: BENCH_TOKEN_PREFIX,
});
const limits: RateLimits | undefined = process.env.BENCH_RATE_PER_SECOND
  ? { perSecond: Number(process.env.BENCH_RATE_PER_SECOND), perMinute: Number(process.env.BENCH_RATE_PER_MINUTE) }
  : undefined;
const keep = process.env.BENCH_KEEP_CALLS === '1';
/** When each request refused with 429 arrived, in ms since the epoch. */
let refused: number[] = [];

/** The limits with fresh windows, noting when each refusal came. */
function enforce(rates: RateLimits): ApplicationRateLimits {
  const windows = new ApplicationRateLimits(rates);
  const admit = windows.admit.bind(windows);
  windows.admit = (now) => admit(now) || (refused.push(performance.timeOrigin + now), false);
  return windows;
}
simulator.rateLimits = limits && enforce(limits);

let calls = 0;
let entries = 0;
let kept: KeptCall[] = [];
const drain = () => {
  for (const call of simulator.calls) {
    entries += call.entries.length;
    if (keep) {
      kept.push({
        at: performance.timeOrigin + call.receivedAt,
        token: call.accessToken,
        eventIds: (call.entries as Array<{ data: { event_id: string } }>).map((entry) => entry.data.event_id),
        statuses: call.results.map((result) => result.status),
      });
    }
  }
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
    cpu: cpuUsed,
    stats: () => {
      drain();
      return { calls, entries, rateLimited: simulator.rateLimitedRequests };
    },
    calls: () => {
      drain();
      return { calls: kept, refused };
    },
    reset: ({ limits: on }) => {
      drain();
      kept = [];
      refused = [];
      simulator.rateLimitedRequests = 0;
      simulator.rateLimits = on === false || !limits ? undefined : enforce(limits);
      return {};
    },
  },
  () => simulator.close(),
);
