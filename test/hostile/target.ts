import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { ABANDON_AFTER_MS, BOUNDS } from './bounds.js';
import { CALENDAR, type HostileRequest, upsertEventValue } from './request.js';
import type { ServerMessage, ServerStats, StatsRequest } from './server-process.js';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const PROBE_EVERY_MS = 50;
/** A probe is given up on after this; it then counts as having taken this long. */
const PROBE_GIVE_UP_MS = ABANDON_AFTER_MS;
/** A stats message unanswered for this long means the server is stuck. */
const STATS_GIVE_UP_MS = 5_000;
const LOG_TAIL_BYTES = 16 * 1024;

/** What one hostile request did to the server, as a user and an operator would see it. */
export interface Outcome {
  /** HTTP status; undefined when no answer came (abandoned or connection cut). */
  status: number | undefined;
  /** The answer's body as sent, cut to its first 2,000 characters. */
  excerpt: string;
  /** Every GraphQL error of the answer (of every operation, for an HTTP batch). */
  errors: Array<{ message: string; code: string | undefined }>;
  /** The answer, parsed (an array for an HTTP batch); undefined if it was not JSON. */
  answer: unknown;
  answerMs: number;
  abandoned: boolean;
  /** Slowest `GET /health` sent while the request ran. */
  probeMs: number;
  probes: number;
  eventLoopMaxMs: number;
  rssBytes: number;
  /** Over the whole run, since the server was warmed up: what the RSS bound is about. */
  rssGrowthBytes: number;
  /** Over this request alone. */
  rssDeltaBytes: number;
  heapUsed: number;
  /** CPU time the server process used while the request ran (its simulator's included), in ms. */
  cpuMs: number;
  /** Batch calls the simulator received for this request, 401s included. */
  calls: number;
  unauthorizedCalls: number;
  entries: number;
  /** Log lines at error level or above (pino level ≥ 50) written while the request ran. */
  errorLines: number;
  /** The first of them, cut, to show in a failure. */
  errorLineExamples: string[];
  /** Log lines (any level) that carry a stack trace. */
  stackLines: number;
  logBytes: number;
  /** The server had to be restarted after this request (stuck, abandoned, or grown too large). */
  restarted: boolean;
}

/** Worst figures over every request sent to a target, for the summary line. */
export class Figures {
  requests = 0;
  abandoned = 0;
  restarts = 0;
  worstAnswerMs = 0;
  worstProbeMs = 0;
  worstEventLoopMs = 0;
  worstRssBytes = 0;
  worstRssGrowthBytes = 0;
  worstCalls = 0;
  worstLogBytes = 0;
  largestBodyBytes = 0;
  /** The start of the body that blocked the event loop longest, and its size. */
  slowest = '';

  add(outcome: Outcome, body: string): void {
    const bodyBytes = Buffer.byteLength(body);
    if (outcome.eventLoopMaxMs > this.worstEventLoopMs) this.slowest = `${body.slice(0, 100)}… (${Math.round(bodyBytes / 1024)} KB)`;
    this.requests++;
    if (outcome.abandoned) this.abandoned++;
    if (outcome.restarted) this.restarts++;
    this.worstAnswerMs = Math.max(this.worstAnswerMs, outcome.answerMs);
    this.worstProbeMs = Math.max(this.worstProbeMs, outcome.probeMs);
    this.worstEventLoopMs = Math.max(this.worstEventLoopMs, outcome.eventLoopMaxMs);
    this.worstRssBytes = Math.max(this.worstRssBytes, outcome.rssBytes);
    this.worstRssGrowthBytes = Math.max(this.worstRssGrowthBytes, outcome.rssGrowthBytes);
    this.worstCalls = Math.max(this.worstCalls, outcome.calls);
    this.worstLogBytes = Math.max(this.worstLogBytes, outcome.logBytes);
    this.largestBodyBytes = Math.max(this.largestBodyBytes, bodyBytes);
  }

  summary(): string {
    const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
    return (
      `${this.requests} requests (largest body ${mb(this.largestBodyBytes)}), ` +
      `worst event-loop block ${Math.round(this.worstEventLoopMs)} ms, worst /health ${Math.round(this.worstProbeMs)} ms, ` +
      `worst answer ${Math.round(this.worstAnswerMs)} ms, worst RSS ${mb(this.worstRssBytes)} (+${mb(this.worstRssGrowthBytes)}), ` +
      `worst calls per request ${this.worstCalls}, worst log per request ${Math.round(this.worstLogBytes / 1024)} KB, ` +
      `${this.abandoned} abandoned, ${this.restarts} restarts; longest block from ${this.slowest}`
    );
  }
}

/**
 * The server under attack (`server-process.ts`) in its own process, and the means to attack it:
 * one request at a time, with `/health` probed while it runs and the server's own figures read
 * over IPC before and after. A request left unanswered, a server that stops answering IPC, or one
 * grown past the RSS bound is killed and started again, so one bad request never decides the next
 * one's figures and a run always ends.
 *
 * ```ts
 * const target = await Target.start();
 * const outcome = await target.attack(jsonRequest({ query: '{ batchLimit }' }));
 * await target.stop();
 * ```
 */
export class Target {
  readonly figures = new Figures();
  #child!: ChildProcess;
  #url!: string;
  #baselineRss = 0;
  #agent = new Agent({ connections: 1 });
  #probeAgent = new Agent();
  #statsId = 0;
  #pending = new Map<number, (stats: ServerStats) => void>();
  #logBytes = 0;
  #errorLines = 0;
  #stackLines = 0;
  #errorExamples: string[] = [];
  #tail = '';

  private constructor(private readonly env: NodeJS.ProcessEnv) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<Target> {
    const target = new Target(env);
    await target.#spawn();
    return target;
  }

  /** `http://127.0.0.1:<port>/graphql` */
  get url(): string {
    return this.#url;
  }

  get origin(): string {
    return new URL(this.#url).origin;
  }

  /** The last lines the server wrote, for a failure message. */
  get logTail(): string {
    return this.#tail;
  }

  /** The server's own figures; undefined when it did not answer within `timeoutMs`. */
  stats(options: { gc?: boolean; timeoutMs?: number } = {}): Promise<ServerStats | undefined> {
    const id = ++this.#statsId;
    const child = this.#child;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(undefined);
      }, options.timeoutMs ?? STATS_GIVE_UP_MS);
      this.#pending.set(id, (stats) => {
        clearTimeout(timer);
        resolve(stats);
      });
      if (!child.connected) return;
      child.send({ type: 'stats', id, gc: options.gc } satisfies StatsRequest);
    });
  }

  /** RSS above the warmed-up server's. */
  rssGrowth(stats: ServerStats): number {
    return stats.rssBytes - this.#baselineRss;
  }

  /** Time for one `GET /health`, given up on (and counted as) PROBE_GIVE_UP_MS. */
  async probe(): Promise<number> {
    const started = performance.now();
    try {
      const response = await request(`${this.origin}/health`, {
        dispatcher: this.#probeAgent,
        signal: AbortSignal.timeout(PROBE_GIVE_UP_MS),
      });
      await response.body.dump();
      if (response.statusCode !== 200) return PROBE_GIVE_UP_MS;
    } catch {
      return PROBE_GIVE_UP_MS;
    }
    return performance.now() - started;
  }

  /** Sends one hostile request and measures what it did; see `Outcome`. */
  async attack(hostile: HostileRequest): Promise<Outcome> {
    const bodyBytes = Buffer.byteLength(hostile.body);
    if (bodyBytes > BOUNDS.bodyBytes) throw new Error(`generator bug: a body of ${bodyBytes} bytes is over MAX_BODY_BYTES`);
    let before = await this.stats();
    if (!before) {
      await this.restart();
      before = (await this.stats())!;
    }
    const log = { bytes: this.#logBytes, errorLines: this.#errorLines, stackLines: this.#stackLines };
    this.#errorExamples = [];

    const started = performance.now();
    let done = false;
    const answer = this.send(hostile).finally(() => (done = true));
    const probing = (async () => {
      let worst = 0;
      let probes = 0;
      do {
        worst = Math.max(worst, await this.probe());
        probes++;
        if (!done) await sleep(PROBE_EVERY_MS);
      } while (!done);
      return { worst, probes };
    })();
    const { status, text } = await answer;
    const answerMs = performance.now() - started;
    const { worst: probeMs, probes } = await probing;
    const abandoned = status === undefined && answerMs >= ABANDON_AFTER_MS;

    let after = await this.stats();
    const stuck = after === undefined;
    const stuckFor = performance.now() - started;
    if (!after) after = { ...before, eventLoopMaxMs: stuckFor };
    const rssGrowthBytes = this.rssGrowth(after);
    const restarted = stuck || abandoned || rssGrowthBytes > BOUNDS.rssGrowthBytes;

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const outcome: Outcome = {
      status,
      excerpt: text.slice(0, 2_000),
      errors: errorsOf(parsed),
      answer: parsed,
      answerMs,
      abandoned,
      probeMs,
      probes,
      eventLoopMaxMs: after.eventLoopMaxMs,
      rssBytes: after.rssBytes,
      rssGrowthBytes,
      rssDeltaBytes: after.rssBytes - before.rssBytes,
      heapUsed: after.heapUsed,
      cpuMs: after.cpuMs - before.cpuMs,
      calls: after.upstreamCalls - before.upstreamCalls,
      unauthorizedCalls: after.unauthorizedCalls - before.unauthorizedCalls,
      entries: after.upstreamEntries - before.upstreamEntries,
      errorLines: this.#errorLines - log.errorLines,
      errorLineExamples: [...this.#errorExamples],
      stackLines: this.#stackLines - log.stackLines,
      logBytes: this.#logBytes - log.bytes,
      restarted,
    };
    this.figures.add(outcome, hostile.body);
    if (restarted) await this.restart();
    return outcome;
  }

  /** Kills the server (it may be stuck) and starts a fresh one. */
  async restart(): Promise<void> {
    await this.#kill();
    await this.#spawn();
  }

  async stop(): Promise<void> {
    await this.#kill();
    await Promise.all([this.#agent.destroy(), this.#probeAgent.destroy()]);
  }

  /** Only sends: no probes, no figures, no restart; for tests that measure many requests together. */
  async send(hostile: HostileRequest): Promise<{ status: number | undefined; text: string }> {
    try {
      const response = await request(this.#url, {
        method: 'POST',
        dispatcher: this.#agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(hostile.token === undefined ? {} : { authorization: `Bearer ${hostile.token}` }),
          ...hostile.headers,
        },
        body: hostile.body,
        signal: AbortSignal.timeout(ABANDON_AFTER_MS),
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      return { status: undefined, text: `no answer: ${(error as Error).message}` };
    }
  }

  async #spawn(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...this.env };
    // The server under attack listens on loopback and writes to its own simulator, whatever the shell says.
    for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST', 'PORT']) delete env[name];
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', ENTRY], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child = child;
    child.stdout!.on('data', this.#reader('stdout'));
    child.stderr!.on('data', this.#reader('stderr'));
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'stats') this.#pending.get(message.id)?.(message.stats);
    });
    this.#url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${this.#tail}`)), 30_000);
      child.on('message', (message: ServerMessage) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message.url);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code} before it was ready:\n${this.#tail}`));
      });
    });
    // Warmed up: a process's first requests of each kind compile code (V8 tiers functions up as
    // they are used) and fill pools, which is neither growth nor a block a caller can repeat: a
    // cold server's first 500-field mutation held the event loop 2–5 times as long as its next.
    for (const round of [0, 1, 2]) {
      for (const body of warmUps(round)) await this.send({ body: JSON.stringify(body) });
    }
    this.#baselineRss = (await this.stats({ gc: true }))!.rssBytes;
  }

  async #kill(): Promise<void> {
    const child = this.#child;
    // Connections to the old server would be reused for the new one's port otherwise.
    const agents = [this.#agent, this.#probeAgent];
    this.#agent = new Agent({ connections: 1 });
    this.#probeAgent = new Agent();
    await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Counts log bytes and error lines (pino level ≥ 50 on stdout, anything on stderr); keeps only
   * a short tail of the text, as a flood of log lines is one of the things being tested.
   */
  #reader(stream: 'stdout' | 'stderr'): (chunk: Buffer) => void {
    let partial = '';
    return (chunk) => {
      this.#logBytes += chunk.length;
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop()!.slice(-LOG_TAIL_BYTES);
      for (const line of lines) {
        if (line.includes('"stack":')) this.#stackLines++;
        const level = /^\{"level":(\d+)/.exec(line)?.[1];
        const isError = stream === 'stderr' ? line.trim() !== '' : level !== undefined && Number(level) >= 50;
        if (!isError) continue;
        this.#errorLines++;
        if (this.#errorExamples.length < 3) this.#errorExamples.push(line.slice(0, 300));
      }
      this.#tail = (this.#tail + text).slice(-LOG_TAIL_BYTES);
    };
  }
}

/** One request of each kind the suite sends, small, and new text each round so that each is parsed and validated. */
function warmUps(round: number): unknown[] {
  const fields = (count: number, field: (i: number) => string) => Array.from({ length: count }, (_, i) => field(i)).join(' ');
  const event = (i: number) => upsertEventValue(`warm-up-${round}-${i}`);
  const writes = {
    query: `mutation WarmUp${round}(${fields(100, (i) => `$e${i}: UpsertEventInput!`)}) { ${fields(100, (i) => `w${i}: upsertEvent(input: $e${i}) { __typename ... on UpsertEventSuccess { status } }`)} }`,
    variables: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`e${i}`, event(i)])),
  };
  const batch = {
    query: `mutation WarmUp${round}($r: [BatchRequestInput!]! = [${fields(100, (i) => `{ deleteEvent: { calendarId: "${CALENDAR}", eventId: "warm-up-${i}" } }`)}]) { batch(requests: $r) { __typename } }`,
  };
  const entities = {
    query: `query WarmUp${round}($r: [_Any!]!) { _entities(representations: $r) { __typename ... on CalendarEvent { calendarId eventId } } }`,
    variables: { r: Array.from({ length: 100 }, (_, i) => ({ __typename: 'CalendarEvent', calendarId: CALENDAR, eventId: `e${i}` })) },
  };
  const fragments = {
    query: `query WarmUp${round} { ...F0 } ${fields(6, (i) => `fragment F${i} on Query { ${i < 5 ? `...F${i + 1} ...F${i + 1}` : 'batchLimit a: batchLimit @skip(if: false)'} }`)}`,
  };
  return [
    { query: `{ w${round}: batchLimit }` },
    writes,
    batch,
    entities,
    fragments,
    [{ query: `{ a${round}: batchLimit }` }, { query: `{ b${round}: batchLimit }` }],
  ];
}

function errorsOf(answer: unknown): Outcome['errors'] {
  const results = Array.isArray(answer) ? answer : [answer];
  return results.flatMap((result) => {
    const errors = (result as { errors?: unknown } | undefined)?.errors;
    if (!Array.isArray(errors)) return [];
    return errors.map((error: { message?: unknown; extensions?: { code?: unknown } }) => ({
      message: String(error?.message),
      code: typeof error?.extensions?.code === 'string' ? error.extensions.code : undefined,
    }));
  });
}
