import { request } from 'undici';
import { ENTRY, ensureBuilt, startNode, stopNode } from '../dist.js';
import { startProcess } from '../ipc.js';
import type { Options } from '../options.js';
import type { Row, ScenarioResult } from '../report.js';

/** Starts per mode; the modes alternate, so a slow minute of the machine touches both alike. */
const RUNS = 7;
/** The goals, from `npm start` to the first GraphQL answer. */
const TARGET_MS = { simulator: 2000, production: 1500 } as const;
type Mode = keyof typeof TARGET_MS;

const MUTATION = 'mutation { deleteEvent(input: { calendarId: "CALENDAR", eventId: "start-up" }) { __typename } }';

interface Start {
  /** From spawn to the line that announces the URL (listening). */
  readyMs: number;
  /** From spawn to a mutation's answer, written through Cronofy (the simulator). */
  answerMs: number;
}

/**
 * Scenario 8: time to first answer. Spawns `node dist/main.js`, as `npm start` does once npm
 * has started (npm's own ~0.3 s is not counted), and measures from the spawn to the line that
 * announces the URL and to the answer of a first mutation sent at once. Two modes: a newcomer's
 * (no configuration: the embedded simulator, GraphiQL, pretty lines) and production
 * (`NODE_ENV=production`, `CRONOFY_API_URL` at a simulator process of its own, JSON lines).
 * dist/ is built first when it is missing or older than src/.
 */
export async function startUp(_options: Options): Promise<ScenarioResult> {
  ensureBuilt();
  const simulator = await startProcess('simulator-process.ts');
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST', 'NODE_ENV', 'LOG_FORMAT', 'LOG_LEVEL', 'NODE_OPTIONS'])
    delete base[name];
  const modes: Record<Mode, { env: NodeJS.ProcessEnv; headers: Record<string, string>; calendar: string }> = {
    simulator: { env: { ...base, LOG_FORMAT: 'pretty' }, headers: {}, calendar: 'cal_demo_work' },
    production: {
      env: { ...base, NODE_ENV: 'production', CRONOFY_API_URL: simulator.url },
      headers: { authorization: 'Bearer bench-start-up' },
      calendar: 'cal_1',
    },
  };
  const starts: Record<Mode, Start[]> = { simulator: [], production: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const mode of ['simulator', 'production'] as const) starts[mode].push(await timeStart(modes[mode]));
    }
  } finally {
    await simulator.stop();
  }
  const rows: Row[] = (['simulator', 'production'] as const).flatMap((mode) => {
    const scenario = `8 start-up, ${mode === 'simulator' ? 'no configuration (simulator)' : 'NODE_ENV=production'}`;
    const answer = spread(starts[mode].map((s) => s.answerMs));
    const ready = spread(starts[mode].map((s) => s.readyMs));
    return [
      { scenario, measure: `listening: median (min–max) of ${RUNS}`, value: ready.text },
      {
        scenario,
        measure: `first answer: median (min–max) of ${RUNS}`,
        value: answer.text,
        target: `median ≤ ${TARGET_MS[mode]} ms`,
        ok: answer.median <= TARGET_MS[mode],
      },
    ];
  });
  return { rows, figures: { runs: RUNS, node: process.version, starts } };
}

/** One start: spawn, wait for the URL line, send the mutation, stop. */
async function timeStart(mode: { env: NodeJS.ProcessEnv; headers: Record<string, string>; calendar: string }): Promise<Start> {
  const started = performance.now();
  const { child, url } = await startNode([ENTRY], mode.env, /GraphQL(?: and GraphiQL)? at (http[^\s"]+)/);
  try {
    const readyMs = performance.now() - started;
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mode.headers },
      body: JSON.stringify({ query: MUTATION.replace('CALENDAR', mode.calendar) }),
    });
    const answer = (await response.body.json()) as { data?: { deleteEvent?: { __typename?: string } } };
    const answerMs = performance.now() - started;
    if (answer.data?.deleteEvent?.__typename !== 'DeleteEventSuccess') throw new Error(`first answer: ${JSON.stringify(answer)}`);
    return { readyMs, answerMs };
  } finally {
    await stopNode(child);
  }
}

function spread(values: number[]): { median: number; text: string } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const whole = (ms: number) => `${Math.round(ms)}`;
  return { median, text: `${whole(median)} ms (${whole(sorted[0]!)}–${whole(sorted.at(-1)!)})` };
}
