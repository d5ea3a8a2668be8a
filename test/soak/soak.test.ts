import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Fault } from '../../src/simulator/index.js';
import { writeArtifact } from '../support/artifacts.js';
import { answerAt, buildOperation, type RootField, type Slot, successTypeOf, type WriteRequest } from '../support/operations.js';
import { type Stack, startStack } from '../support/stack.js';

/**
 * Many concurrent callers with hundreds of tokens against the real server and the simulator,
 * with faults injected into a share of the upstream calls, for SOAK_SECONDS (default 20). Counts
 * requests, mutations, misrouted and unanswered answers (both must stay 0) and compares memory
 * after warm-up with memory at the end, once every per-caller queue should be gone.
 *
 * It runs after every other test file (its own vitest project, see vitest.config.ts), so that
 * it neither starves nor is starved by them; `global.gc` is exposed there for steady figures.
 */

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const WARM_UP_MS = Math.min(3_000, (SECONDS * 1000) / 5);
const VIRTUAL_USERS = 50;
const TOKENS = 600;
const FAULT_RATE = 0.05;
const MB = 1024 * 1024;

let stack: Stack;
const tokens = Array.from({ length: TOKENS }, (_, i) => `soak-token-${i}`);

beforeAll(async () => {
  stack = await startStack({
    accounts: tokens.map((accessToken) => ({ accessToken, calendarIds: ['cal_1'] })),
    env: {
      CRONOFY_TIMEOUT_MS: '1000',
      CRONOFY_MAX_RETRIES: '3',
      CRONOFY_DEADLINE_MS: '5000',
      // Random faults at 5 % across 50 callers come in runs now and then; a breaker opened by
      // them would turn the rest of the soak into fast failures instead of exercising the queues.
      CRONOFY_BREAKER_FAILURES: '25',
      CRONOFY_BREAKER_COOLDOWN_MS: '200',
    },
  });
});
afterAll(() => stack?.close());

const figures = {
  requests: 0,
  operations: 0,
  mutations: 0,
  upstreamCalls: 0,
  faultedCalls: 0,
  tokensUsed: 0,
  answers: { success: 0, entryError: 0, fieldError: 0 },
  misrouted: 0,
  unanswered: 0,
  misroutedExamples: [] as string[],
};

/** Whole-call faults never include a lost answer here: each would hold a caller for a full timeout. */
function randomFault(): Fault | undefined {
  if (Math.random() >= FAULT_RATE) return undefined;
  const faults: Array<() => Fault> = [
    () => ({ kind: 'status', status: 429, retryAfter: '0' }),
    () => ({ kind: 'status', status: 503 }),
    () => ({ kind: 'reset', applied: Math.random() < 0.5 }),
    () => ({ kind: 'truncated' }),
    () => ({ kind: 'wrong-length' }),
    () => ({ kind: 'entries', statuses: { 0: 503, 2: 429 }, retryAfter: '0' }),
  ];
  return faults[Math.floor(Math.random() * faults.length)]!();
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

const KINDS = ['upsertEvent', 'deleteEvent', 'upsertAvailablePeriod', 'deleteAvailablePeriod'] as const;
type SoakKind = (typeof KINDS)[number];

/**
 * A write whose own outcome is known in advance unless a fault hits it: events in `cal_nope` are
 * always 404, all others always succeed. Every id names its token, so a write that lands in
 * another account is visible in the simulator's state.
 */
function randomWrite(token: number, kind: SoakKind): WriteRequest & { expect404: boolean } {
  const id = `t${token}-${Math.floor(Math.random() * 8)}`;
  const calendarId = Math.random() < 0.2 ? 'cal_nope' : 'cal_1';
  const times = { start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' };
  switch (kind) {
    case 'upsertEvent':
      return { kind, input: { calendarId, eventId: id, summary: `by t${token}`, ...times }, expect404: calendarId === 'cal_nope' };
    case 'deleteEvent':
      return { kind, input: { calendarId, eventId: id }, expect404: calendarId === 'cal_nope' };
    case 'upsertAvailablePeriod':
      return { kind, input: { availablePeriodId: id, ...times }, expect404: false };
    case 'deleteAvailablePeriod':
      return { kind, input: { availablePeriodId: id }, expect404: false };
  }
}

/**
 * A few dozen operation shapes (which kinds, in which order, which are `batch` fields), as an app
 * has a fixed set of documents: only the variables change from request to request.
 */
const SHAPES = Array.from({ length: 40 }, () =>
  Array.from({ length: 1 + Math.floor(Math.random() * 6) }, () => (Math.random() < 0.2 ? 'batch' : pick(KINDS))),
);

function randomOperation(token: number) {
  const fields: RootField[] = pick(SHAPES).map((shape) =>
    shape === 'batch'
      ? { batch: Array.from({ length: 1 + Math.floor(Math.random() * 8) }, () => randomWrite(token, pick(KINDS))) }
      : { write: randomWrite(token, shape) },
  );
  return buildOperation(fields);
}

/** One field's answer against its own write: answered at all, and with its own ids and outcome. */
function check({ path, write }: Slot, body: Parameters<typeof answerAt>[0]): void {
  figures.mutations++;
  const answer = answerAt(body, path);
  const expect404 = (write as ReturnType<typeof randomWrite>).expect404;
  const misrouted = (why: string) => {
    figures.misrouted++;
    if (figures.misroutedExamples.length < 5) figures.misroutedExamples.push(`${why}: ${JSON.stringify({ write, answer })}`);
  };
  if (answer.answer === 'missing') return void figures.unanswered++;
  if (answer.answer === 'both') return misrouted('a result and an error');
  if (answer.answer === 'error') return void figures.answers.fieldError++;
  if (answer.typename.endsWith('Success')) {
    figures.answers.success++;
    if (answer.typename !== successTypeOf(write.kind)) return misrouted('another kind of write');
    const sent = Object.fromEntries(Object.keys(answer.ids).map((key) => [key, write.input[key]]));
    if (JSON.stringify(answer.ids) !== JSON.stringify(sent)) return misrouted('ids of another write');
    if (expect404) return misrouted('success for a write that can only be 404');
    return;
  }
  figures.answers.entryError++;
  if (answer.status === 404 && !expect404) misrouted('404 for a write that cannot be 404');
}

/** Every entry of every call must name the token the call was made with. */
function checkCalls(): void {
  const calls = stack.simulator.calls.splice(0);
  figures.upstreamCalls += calls.length;
  for (const call of calls) {
    if (call.fault) figures.faultedCalls++;
    const owner = `t${call.accessToken.slice('soak-token-'.length)}-`;
    for (const entry of call.entries as Array<{ data: Record<string, unknown> }>) {
      const id = String(entry.data.event_id ?? entry.data.available_period_id);
      if (!id.startsWith(owner)) {
        figures.misrouted++;
        figures.misroutedExamples.push(`entry ${id} sent with ${owner}'s token`);
      }
    }
  }
}

async function virtualUser(until: number): Promise<void> {
  while (Date.now() < until) {
    const token = Math.floor(Math.random() * TOKENS);
    const operations = Array.from({ length: Math.random() < 0.25 ? 2 : 1 }, () => randomOperation(token));
    const payload = operations.map(({ query, variables }) => ({ query, variables }));
    const { body } = await stack.post(payload.length === 1 ? payload[0] : payload, { authorization: `Bearer ${tokens[token]}` });
    const bodies = payload.length === 1 ? [body] : body;
    figures.requests++;
    figures.operations += operations.length;
    operations.forEach((operation, i) => operation.slots.forEach((slot) => check(slot, bodies[i])));
    used.add(token);
  }
}

const used = new Set<number>();

async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(50);
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: +(rss / MB).toFixed(1), heapUsedMB: +(heapUsed / MB).toFixed(1) };
}

it(
  `${VIRTUAL_USERS} callers with ${TOKENS} tokens and ${FAULT_RATE * 100} % faulted calls: nothing misrouted, nothing unanswered, no growth`,
  async () => {
    stack.simulator.faultPlan = randomFault;
    const sweeper = setInterval(checkCalls, 250);
    const started = Date.now();
    const end = started + SECONDS * 1000;

    const users = Array.from({ length: VIRTUAL_USERS }, () => virtualUser(end));
    await sleep(WARM_UP_MS);
    const warm = await settledMemory();
    const warmRequests = figures.requests;
    await Promise.all(users);
    clearInterval(sweeper);
    checkCalls();
    const elapsed = (Date.now() - started) / 1000;

    await sleep(100);
    expect(stack.server.batcher.idle, 'every per-caller queue is gone once all answers are out').toBe(true);
    const after = await settledMemory();
    figures.tokensUsed = used.size;

    // Final state: every event and available period of an account was written with that account's token.
    let foreign = 0;
    for (const [i, token] of tokens.entries()) {
      const account = stack.simulator.account(token);
      const ids = [...account.calendars.get('cal_1')!.events.keys(), ...account.availablePeriods.keys()];
      foreign += ids.filter((id) => !id.startsWith(`t${i}-`)).length;
    }
    figures.misrouted += foreign;

    const report = {
      seconds: +elapsed.toFixed(1),
      virtualUsers: VIRTUAL_USERS,
      ...figures,
      requestsPerSecond: Math.round(figures.requests / elapsed),
      mutationsPerSecond: Math.round(figures.mutations / elapsed),
      memory: {
        afterWarmUp: warm,
        atEnd: after,
        heapGrowthMB: +(after.heapUsedMB - warm.heapUsedMB).toFixed(1),
        gcExposed: 'gc' in globalThis,
      },
      requestsAfterWarmUp: figures.requests - warmRequests,
    };
    const path = writeArtifact('soak', report);
    console.log(
      [
        `soak, ${report.seconds} s (${path})`,
        ...Object.entries({
          'virtual users': VIRTUAL_USERS,
          'distinct tokens used': figures.tokensUsed,
          'HTTP requests': figures.requests,
          operations: figures.operations,
          mutations: figures.mutations,
          'upstream calls (faulted)': `${figures.upstreamCalls} (${figures.faultedCalls})`,
          'answers: success / entry error / field error': `${figures.answers.success} / ${figures.answers.entryError} / ${figures.answers.fieldError}`,
          'misrouted results': figures.misrouted,
          'unanswered mutations': figures.unanswered,
          'heap after warm-up → end (MB)': `${warm.heapUsedMB} → ${after.heapUsedMB}`,
          'RSS after warm-up → end (MB)': `${warm.rssMB} → ${after.rssMB}`,
        }).map(([name, value]) => `  ${name.padEnd(46)} ${value}`),
      ].join('\n'),
    );

    expect(figures.misroutedExamples).toEqual([]);
    expect(figures.misrouted).toBe(0);
    expect(figures.unanswered).toBe(0);
    expect(figures.mutations).toBeGreaterThan(0);
    expect(figures.faultedCalls, 'faults were injected').toBeGreaterThan(0);
    expect(report.memory.heapGrowthMB, 'heap growth after warm-up').toBeLessThan(30);
  },
  (SECONDS + 60) * 1000,
);
