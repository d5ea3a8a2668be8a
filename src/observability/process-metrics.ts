import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

/**
 * While the instance serves, the loop is sampled this often: a block this long or longer always
 * lands in the figures, a shorter one when it spans a sample. Sampling every 10 ms, as prom-client
 * does, cost about 1 % of a core here while there was little to serve.
 */
const SAMPLE_EVERY_MS = 100;
/** After this long without a GraphQL request the sampler stops, and nothing wakes the process. */
const QUIET_AFTER_MS = 10_000;
/** prom-client's own sampler, put to sleep: its timer would fire once in 24 days. */
const NEVER_MS = 2 ** 31 - 1;

/** The figures of prom-client's sampler, under their names, from the sampler below. */
const FIGURES = {
  min: ['nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'],
  max: ['nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'],
  mean: ['nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'],
  stddev: ['nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.'],
  p50: ['nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'],
  p90: ['nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'],
  p99: ['nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'],
} as const;
type Figure = keyof typeof FIGURES;

/**
 * prom-client's default process metrics (`process_*`, `nodejs_*`) in `registry`, with one change:
 * the event-loop delay (`nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`) is
 * sampled only while the instance serves GraphQL. Call `busy()` for each GraphQL request.
 *
 * ```ts
 * const loop = collectProcessMetrics(registry);
 * createYoga({ plugins: [{ onParams: () => loop.busy() }] });
 * ```
 *
 * prom-client samples with a timer that wakes the process for ever, even with nothing to serve,
 * and an instance that wakes costs CPU however little it does when awake. Here the timer runs
 * from a request until `quietAfterMs` pass without one; in between scrapes with no sample, the
 * figures are 0. Scrapes and health probes do not count as requests, or they would keep it awake.
 * `nodejs_eventloop_lag_seconds` stays prom-client's, measured at each scrape.
 */
export function collectProcessMetrics(
  registry: Registry,
  { sampleEveryMs = SAMPLE_EVERY_MS, quietAfterMs = QUIET_AFTER_MS } = {},
): { busy(): void } {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: NEVER_MS });
  for (const [name] of Object.values(FIGURES)) registry.removeSingleMetric(name);
  const sampler = new SleepingSampler(sampleEveryMs, quietAfterMs);
  let figures: Record<Figure, number> | undefined;
  for (const [figure, [name, help]] of Object.entries(FIGURES) as [Figure, (typeof FIGURES)[Figure]][]) {
    new Gauge({
      name,
      help,
      registers: [registry],
      // The first figure read in a scrape takes them all and starts the next period, as prom-client does.
      collect() {
        if (figure === 'min') figures = sampler.take();
        this.set(figures?.[figure] ?? 0);
      },
    });
  }
  return { busy: () => sampler.busy() };
}

class SleepingSampler {
  private histogram: IntervalHistogram | undefined;
  private quiet: NodeJS.Timeout | undefined;
  private sinceCheck = false;

  constructor(
    private readonly sampleEveryMs: number,
    private readonly quietAfterMs: number,
  ) {}

  busy(): void {
    this.sinceCheck = true;
    if (this.quiet) return;
    this.histogram ??= monitorEventLoopDelay({ resolution: this.sampleEveryMs });
    this.histogram.enable();
    this.sinceCheck = false;
    this.quiet = setInterval(() => {
      if (this.sinceCheck) {
        this.sinceCheck = false;
        return;
      }
      this.histogram?.disable();
      clearInterval(this.quiet);
      this.quiet = undefined;
    }, this.quietAfterMs).unref();
  }

  /** The figures since the last take, in seconds (0 without a sample), and a new period. */
  take(): Record<Figure, number> {
    const h = this.histogram;
    if (!h || h.count === 0) return { min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0 };
    const figures = {
      min: h.min / 1e9,
      max: h.max / 1e9,
      mean: h.mean / 1e9,
      stddev: h.stddev / 1e9,
      p50: h.percentile(50) / 1e9,
      p90: h.percentile(90) / 1e9,
      p99: h.percentile(99) / 1e9,
    };
    h.reset();
    return figures;
  }
}
