import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { Account, Fault, RecordedCall } from '../../src/simulator/index.js';
import { type Answer, answerAt, buildOperation, type RootField, type Slot, successTypeOf, type WriteKind } from '../support/operations.js';
import { writeArtifact } from '../support/artifacts.js';
import { useStack } from '../support/stack.js';

/**
 * Random operations of random callers against a simulator that injects random faults, all over
 * real HTTP; after each run, every write's answer is checked against what the simulator recorded
 * for that write and the final calendar state against a model computed from the answers alone.
 *
 * FC_SEED=<seed> (printed on failure) replays a run; FC_RUNS sets how many runs (default 40). Calls
 * of concurrent requests reach the simulator in an order the OS decides, so a replay draws the
 * same operations and faults but may hand a fault to a different call.
 */

/** A timeout short enough to make lost answers cheap, long enough that loopback never hits it. */
const TIMEOUT_MS = 500;
const LOST_ANSWER_MS = 600;
const stack = useStack({
  env: {
    CRONOFY_TIMEOUT_MS: String(TIMEOUT_MS),
    CRONOFY_MAX_RETRIES: '3',
    CRONOFY_DEADLINE_MS: '5000',
    // The breaker is tested on its own (faults.test.ts); here it would only turn random faults into fast failures.
    CRONOFY_BREAKER_FAILURES: '1000',
  },
});

const CALENDARS = ['cal_a', 'cal_b', 'cal_missing'] as const;
const EVENT_IDS = ['e1', 'e2', 'e3'];
const EXTERNAL_UIDS = ['ext_1', 'ext_2', 'ext_gone'];
const SEEDED_UIDS = ['ext_1', 'ext_2'];
const PERIOD_IDS = ['ap1', 'ap2', 'ap3'];
const BASE = Date.parse('2026-12-07T00:00:00Z');

// ---- What a run is made of -------------------------------------------------------------------

/** A write before it gets its marker; `invalid` is input this layer refuses before sending. */
interface WriteDraft {
  kind: WriteKind;
  calendar: string;
  id: string;
  invalid: boolean;
}

type FieldDraft = { write: WriteDraft } | { batch: WriteDraft[] };

interface RequestDraft {
  /** An account of this run, a token the simulator does not know, or no Authorization at all. */
  caller: number | 'unknown' | 'none';
  /** More than one: an HTTP batch. `refused`: one variable is not a valid time, so the operation does not run. */
  operations: Array<{ fields: FieldDraft[]; refused: boolean }>;
}

const writeDraft: fc.Arbitrary<WriteDraft> = fc
  .record({
    kind: fc.constantFrom<WriteKind>(
      'upsertEvent',
      'deleteEvent',
      'editExternalEvent',
      'deleteExternalEvent',
      'upsertAvailablePeriod',
      'deleteAvailablePeriod',
    ),
    calendar: fc.constantFrom(...CALENDARS, 'cal_a', 'cal_a'),
    pick: fc.nat(2),
    invalid: fc.nat(7).map((n) => n === 0),
  })
  .map(({ kind, calendar, pick, invalid }) => ({
    kind,
    calendar,
    id: (kind.includes('External') ? EXTERNAL_UIDS : kind.includes('Period') ? PERIOD_IDS : EVENT_IDS)[pick]!,
    invalid,
  }));

const fieldDraft: fc.Arbitrary<FieldDraft> = fc.oneof(
  { weight: 4, arbitrary: writeDraft.map((write) => ({ write })) },
  { weight: 1, arbitrary: fc.array(writeDraft, { minLength: 1, maxLength: 5 }).map((batch) => ({ batch })) },
);

const requestDraft: fc.Arbitrary<RequestDraft> = fc.record({
  caller: fc.oneof({ weight: 12, arbitrary: fc.nat(2) }, fc.constant('unknown' as const), fc.constant('none' as const)),
  operations: fc.array(
    fc.record({
      fields: fc.array(fieldDraft, { minLength: 1, maxLength: 6 }),
      refused: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

const fault: fc.Arbitrary<Fault | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('status' as const), status: fc.constantFrom(429, 500, 502, 503), retryAfter: fc.constantFrom('0', '0.05') },
      { requiredKeys: ['kind', 'status'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(400, 403) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reset' as const), applied: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delay' as const, ms: LOST_ANSWER_MS }) },
  { weight: 1, arbitrary: fc.constantFrom<Fault>({ kind: 'truncated' }, { kind: 'malformed' }, { kind: 'wrong-length' }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('entries' as const),
        statuses: fc.dictionary(fc.nat(7).map(String), fc.constantFrom(429, 500, 503, 403, 404, 422), { minKeys: 1, maxKeys: 3 }),
        retryAfter: fc.constant('0.02'),
      },
      { requiredKeys: ['kind', 'statuses'] },
    ),
  },
);

const run = fc.record({
  accounts: fc.array(fc.record({ elevated: fc.nat(3).map((n) => n > 0), emerging: fc.nat(3).map((n) => n > 0) }), {
    minLength: 1,
    maxLength: 3,
  }),
  requests: fc.array(requestDraft, { minLength: 1, maxLength: 5 }),
  /** Handed out one per upstream call, in the order calls arrive; later calls get none. */
  faults: fc.array(fault, { maxLength: 12 }),
});

// ---- Turning drafts into writes with markers ---------------------------------------------------

/** One write as sent: its marker makes its entry recognisable in every call that carried it. */
interface Sent {
  marker: number;
  token: string | undefined;
  kind: WriteKind;
  /** The event, external event or available period it writes, within its account. */
  resource: string;
  invalid: boolean;
  refusedOperation: boolean;
  input: Record<string, unknown>;
  ids: Record<string, string>;
  answer?: Answer;
}

function inputOf(draft: WriteDraft, marker: number): { input: Record<string, unknown>; ids: Record<string, string> } {
  const start = new Date(BASE + marker * 60_000).toISOString().replace('.000', '');
  const end = new Date(BASE + marker * 60_000 + (draft.invalid ? -3_600_000 : 3_600_000)).toISOString().replace('.000', '');
  const summary = `m${marker}`;
  const blank = draft.invalid ? ' ' : draft.id;
  switch (draft.kind) {
    case 'upsertEvent':
      return {
        input: { calendarId: draft.calendar, eventId: draft.id, summary, start, end },
        ids: { calendarId: draft.calendar, eventId: draft.id },
      };
    case 'deleteEvent':
      return { input: { calendarId: draft.calendar, eventId: blank }, ids: { calendarId: draft.calendar, eventId: blank } };
    case 'editExternalEvent':
      return {
        input: { calendarId: draft.calendar, eventUid: draft.id, summary, start, end },
        ids: { calendarId: draft.calendar, eventUid: draft.id },
      };
    case 'deleteExternalEvent':
      return { input: { calendarId: draft.calendar, eventUid: blank }, ids: { calendarId: draft.calendar, eventUid: blank } };
    case 'upsertAvailablePeriod':
      return { input: { availablePeriodId: draft.id, start, end }, ids: { availablePeriodId: draft.id } };
    case 'deleteAvailablePeriod':
      return {
        input: { availablePeriodId: draft.invalid ? 'périod' : draft.id },
        ids: { availablePeriodId: draft.invalid ? 'périod' : draft.id },
      };
  }
}

function writeOf(kind: WriteKind): WriteDraft {
  return { kind, calendar: 'cal_a', id: 'e1', invalid: false };
}

function resourceOf(kind: WriteKind, ids: Record<string, string>): string {
  if (kind.includes('Period')) return `period ${ids.availablePeriodId}`;
  if (kind.includes('External')) return `external ${ids.calendarId} ${ids.eventUid}`;
  return `event ${ids.calendarId} ${ids.eventId}`;
}

const isDelete = (kind: WriteKind) => kind.startsWith('delete');

/** The marker of a recorded entry: upserts carry it in their body, deletes are unique per account and resource. */
function markerOf(accessToken: string, entry: any, deletes: Map<string, number>): number | undefined {
  const data = entry?.data ?? {};
  if (entry?.method === 'POST' && typeof data.summary === 'string') return Number(data.summary.slice(1));
  if (entry?.method === 'POST' && typeof data.start === 'string') return (Date.parse(data.start) - BASE) / 60_000;
  return deletes.get(`${accessToken} ${entry?.relative_url} ${JSON.stringify(data)}`);
}

// ---- Reading an answer ------------------------------------------------------------------------

/** The answer's own words are the model: it says the write was not applied, or that it may have been. */
function certainlyNotApplied(answer: Answer): boolean {
  if (answer.answer === 'result') return !answer.typename.endsWith('Success') && !mayHaveApplied(answer.message ?? '');
  return answer.answer === 'error' && !mayHaveApplied(answer.message);
}

const mayHaveApplied = (message: string) => /may (or may not |not )?have (been )?applied/.test(message);

const isSuccess = (answer: Answer | undefined) => answer?.answer === 'result' && answer.typename.endsWith('Success');

/** One recorded call that carried a write, and what became of the write's entry in it. */
interface Attempt {
  call: number;
  fault: Fault | undefined;
  /** The simulator applied the entry (any 2xx). */
  applied: boolean;
  /** The entry's status, when the layer received a 207 it could read. */
  status: number | undefined;
  /** What was injected into this entry's fate, for the fault table; undefined when nothing was. */
  injected: string | undefined;
}

const ANSWER_LOST: ReadonlyArray<Fault['kind']> = ['reset', 'delay'];
const UNREADABLE: ReadonlyArray<Fault['kind']> = ['truncated', 'malformed', 'wrong-length'];

function attemptIn(call: RecordedCall, index: number, position: number): Attempt {
  const result = call.results[position];
  const applied = call.applied && result !== undefined && result.status >= 200 && result.status < 300;
  const readable = call.fault === undefined || call.fault.kind === 'entries';
  return {
    call: index,
    fault: call.fault,
    applied,
    status: readable ? result?.status : undefined,
    injected: describeFault(call.fault, position),
  };
}

function describeFault(fault: Fault | undefined, position: number): string | undefined {
  if (fault === undefined) return undefined;
  switch (fault.kind) {
    case 'status':
      return `call ${fault.status}${fault.retryAfter === undefined ? '' : ` (Retry-After ${fault.retryAfter})`}`;
    case 'reset':
      return `connection reset ${fault.applied ? 'after' : 'before'} applying`;
    case 'delay':
      return 'answer later than the timeout (applied)';
    case 'entries': {
      const status = fault.statuses[position];
      return status === undefined ? undefined : `entry ${status}`;
    }
    default:
      return `${fault.kind} answer (applied)`;
  }
}

function describeAnswer(answer: Answer): string {
  const hedged = (message: string | undefined) => (mayHaveApplied(message ?? '') ? ', may have applied' : '');
  if (answer.answer === 'error') return `${answer.code}${hedged(answer.message)}`;
  if (answer.answer !== 'result') return answer.answer;
  if (answer.typename.endsWith('Success')) return 'success';
  return `${answer.typename}${answer.status ? ` ${answer.status}` : ''}${hedged(answer.message)}`;
}

/**
 * Per injected fault: how many entries got it, how many of those were sent again, what their
 * fields answered when it was their last attempt, and what they answered in the end when not.
 */
const faultTable = new Map<
  string,
  { entries: number; sentAgain: number; final: Record<string, number>; afterRetry: Record<string, number> }
>();

function tally(attempts: Attempt[], answer: Answer): void {
  attempts.forEach((attempt, i) => {
    if (attempt.injected === undefined) return;
    const row = faultTable.get(attempt.injected) ?? { entries: 0, sentAgain: 0, final: {}, afterRetry: {} };
    const last = i === attempts.length - 1;
    const answers = last ? row.final : row.afterRetry;
    const said = describeAnswer(answer);
    row.entries++;
    if (!last) row.sentAgain++;
    answers[said] = (answers[said] ?? 0) + 1;
    faultTable.set(attempt.injected, row);
  });
}

afterAll(() => {
  const rows = [...faultTable].sort(([a], [b]) => a.localeCompare(b));
  writeArtifact('faults', Object.fromEntries(rows));
  const list = (answers: Record<string, number>) =>
    Object.entries(answers)
      .sort(([, a], [, b]) => b - a)
      .map(([said, n]) => `${said} ×${n}`)
      .join('; ');
  console.log(
    [
      'fault | entries | sent again | answer when not sent again | answer in the end when sent again',
      ...rows.map(([fault, r]) => `${fault} | ${r.entries} | ${r.sentAgain} | ${list(r.final)} | ${list(r.afterRetry)}`),
    ].join('\n'),
  );
});

// ---- The property -----------------------------------------------------------------------------

let runs = 0;
const RUNS = Number(process.env.FC_RUNS ?? 40);

it(
  'every write gets its own answer, none is lost or applied twice unflagged, and the final state matches the answers',
  async () => {
    await fc.assert(
      fc.asyncProperty(run, async ({ accounts, requests, faults }) => {
        const { simulator } = stack;
        const prefix = `run${runs++}`;
        const tokens = accounts.map((account, i) => {
          const accessToken = `${prefix}-token-${i}`;
          simulator.addAccount({
            accessToken,
            calendarIds: ['cal_a', 'cal_b'],
            externalEventUids: SEEDED_UIDS,
            elevated: account.elevated,
            plan: account.emerging ? 'emerging' : 'starter',
          });
          return accessToken;
        });
        const tokenOf = (caller: RequestDraft['caller']) =>
          caller === 'none' ? undefined : caller === 'unknown' ? `${prefix}-unknown` : tokens[caller % tokens.length]!;

        // Markers, operations, and the delete keys that identify deletes in recorded calls.
        const sent: Sent[] = [];
        const deletes = new Map<string, number>();
        const seenDeletes = new Set<string>();
        const toSend = (token: string | undefined, refusedOperation: boolean, draft: WriteDraft) => {
          const marker = sent.length;
          let { input, ids } = inputOf(draft, marker);
          let kind = draft.kind;
          const key = `${token} ${draft.kind} ${JSON.stringify(ids)}`;
          // Two identical deletes cannot be told apart by anyone; the second becomes an upsert of the same kind of thing.
          if (isDelete(kind) && !draft.invalid && seenDeletes.has(key)) {
            kind = kind === 'deleteEvent' ? 'upsertEvent' : kind === 'deleteExternalEvent' ? 'editExternalEvent' : 'upsertAvailablePeriod';
            ({ input, ids } = inputOf({ ...draft, kind }, marker));
          }
          seenDeletes.add(key);
          if (isDelete(kind) && !draft.invalid) {
            const url = kind === 'deleteAvailablePeriod' ? '/v1/available_periods' : `/v1/calendars/${ids.calendarId}/events`;
            const data =
              kind === 'deleteEvent'
                ? { event_id: ids.eventId }
                : kind === 'deleteExternalEvent'
                  ? { event_uid: ids.eventUid }
                  : { available_period_id: ids.availablePeriodId };
            deletes.set(`${token} ${url} ${JSON.stringify(data)}`, marker);
          }
          const write: Sent = {
            marker,
            token,
            kind,
            resource: resourceOf(kind, ids),
            invalid: draft.invalid,
            refusedOperation,
            input,
            ids,
          };
          sent.push(write);
          return write;
        };
        const posts = requests.map((request) => {
          const token = tokenOf(request.caller);
          const operations = request.operations.map(({ fields, refused }) => {
            const built: Array<{ field: RootField; sent: Sent[] }> = fields.map((field) => {
              if ('write' in field) {
                const write = toSend(token, refused, field.write);
                return { field: { write: { kind: write.kind, input: write.input } }, sent: [write] };
              }
              const writes = field.batch.map((draft) => toSend(token, refused, draft));
              return { field: { batch: writes.map((w) => ({ kind: w.kind, input: w.input })) }, sent: writes };
            });
            // An extra field whose time its scalar refuses: the whole operation is refused before it runs.
            const refusal: RootField[] = refused
              ? [{ write: { kind: 'upsertEvent', input: { ...inputOf(writeOf('upsertEvent'), 0).input, start: 'soon' } } }]
              : [];
            const operation = buildOperation([...built.map((b) => b.field), ...refusal]);
            return { operation, writes: built.flatMap((b) => b.sent) };
          });
          const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
          const payload = operations.map(({ operation }) => ({ query: operation.query, variables: operation.variables }));
          return { operations, send: () => stack.post(operations.length === 1 ? payload[0] : payload, headers) };
        });

        simulator.calls.length = 0;
        let nextFault = 0;
        simulator.faultPlan = () => faults[nextFault++];
        const responses = await Promise.all(posts.map((post) => post.send()));
        simulator.faultPlan = undefined;
        await new Promise((resolve) => setImmediate(resolve));
        expect(stack.server.batcher.idle, 'the batcher keeps no state once every answer is out').toBe(true);

        // Every field has exactly one answer: a result object or an error at its path.
        posts.forEach((post, r) => {
          const bodies = post.operations.length === 1 ? [responses[r]!.body] : responses[r]!.body;
          post.operations.forEach(({ operation, writes }, o) => {
            const body = bodies[o];
            if (writes[0]?.refusedOperation) {
              expect(body.data ?? null, 'an operation with an invalid variable does not run').toBeNull();
              expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
              for (const write of writes) write.answer = { answer: 'error', code: 'BAD_USER_INPUT', message: body.errors[0].message };
              return;
            }
            operation.slots.forEach((slot: Slot, i) => (writes[i]!.answer = answerAt(body, slot.path)));
          });
        });

        // Each recorded entry belongs to a write of the same account; collect each write's attempts.
        const attempts = new Map<number, Attempt[]>();
        simulator.calls.forEach((call, index) => {
          call.entries.forEach((entry, position) => {
            const marker = markerOf(call.accessToken, entry, deletes);
            const write = marker === undefined ? undefined : sent[marker];
            expect(write, `call ${index} carried an entry no field sent: ${JSON.stringify(entry)}`).toBeDefined();
            expect(write!.token, `write m${marker} went out with another account's token`).toBe(call.accessToken);
            const list = attempts.get(marker!) ?? [];
            list.push(attemptIn(call, index, position));
            attempts.set(marker!, list);
          });
        });

        for (const write of sent) {
          const answer = write.answer!;
          const mine = attempts.get(write.marker) ?? [];
          tally(mine, answer);
          const label = `m${write.marker} ${write.kind} ${JSON.stringify(write.ids)} answered ${JSON.stringify(answer)}; attempts ${JSON.stringify(mine)}`;
          expect(['result', 'error'], `${label}: exactly one answer`).toContain(answer.answer);

          if (write.refusedOperation || write.token === undefined || write.token.endsWith('-unknown')) {
            expect(mine, `${label}: nothing of it may be sent`).toEqual([]);
            if (write.refusedOperation) continue;
            // Without a token nothing is judged; with one Cronofy does not know, refused input is still refused first.
            if (write.token !== undefined && write.invalid) expect(answer, label).toMatchObject({ typename: 'ValidationError' });
            else expect(answer, label).toMatchObject({ answer: 'error', code: 'UNAUTHENTICATED' });
            continue;
          }
          if (write.invalid) {
            expect(answer, label).toMatchObject({ answer: 'result', typename: 'ValidationError' });
            expect(mine, `${label}: refused input is never sent`).toEqual([]);
            continue;
          }

          // Its own answer: the success echoes its ids; any entry status is the one the simulator gave its entry.
          const answered = mine.filter((a) => a.status !== undefined).at(-1);
          if (answer.answer === 'result') {
            expect([successTypeOf(write.kind), 'ValidationError', 'CronofyRequestError'], label).toContain(answer.typename);
            expect(answered, `${label}: a result must come from a call the layer could read`).toBeDefined();
            if (answer.typename.endsWith('Success')) {
              expect(answer.ids, label).toEqual(write.ids);
              expect(answer.status, label).toBe(answered!.status);
            } else if (answer.typename === 'ValidationError') {
              expect(answered!.status, label).toBe(422);
            } else {
              expect(answer.status, label).toBe(answered!.status);
            }
          } else if (answer.answer === 'error') {
            const last = mine.at(-1)?.fault;
            const expected: Record<string, (f: Fault | undefined) => boolean> = {
              UPSTREAM_PROTOCOL_ERROR: (f) => f !== undefined && UNREADABLE.includes(f.kind),
              UPSTREAM_UNAVAILABLE: (f) => (f?.kind === 'status' && f.status >= 500) || (f !== undefined && ANSWER_LOST.includes(f.kind)),
              RATE_LIMITED: (f) => mine.length === 0 || (f?.kind === 'status' && f.status === 429),
              FORBIDDEN: (f) => f?.kind === 'status' && f.status === 403,
              UPSTREAM_ERROR: (f) => f?.kind === 'status' && f.status === 400,
            };
            expect(Object.keys(expected), label).toContain(answer.code);
            expect(expected[answer.code]!(last), `${label}: the error is the one of its own last call`).toBe(true);
          }

          // No entry lost: a success was applied. Not applied twice unless an answer was lost in between.
          const applied = mine.filter((a) => a.applied);
          if (isSuccess(answer)) expect(applied.length, `${label}: answered success but never applied`).toBeGreaterThan(0);
          for (const earlier of applied.slice(0, -1)) {
            expect(ANSWER_LOST, `${label}: applied again although the layer had its answer`).toContain(earlier.fault?.kind);
          }
          // An answer that says "not applied" must be true.
          if (certainlyNotApplied(answer)) expect(applied, `${label}: answered as not applied, but it was`).toEqual([]);
          // Protocol errors are final: what Cronofy may have applied is not sent again.
          const unreadable = mine.findIndex((a) => a.fault !== undefined && UNREADABLE.includes(a.fault.kind));
          if (unreadable >= 0) expect(mine.length, `${label}: sent again after an unreadable answer`).toBe(unreadable + 1);
        }

        // Final state: per account and resource, the writes in the order they reached the simulator
        // (never overlapping), each applied, not applied, or either, as its answer says.
        const byResource = new Map<string, Sent[]>();
        for (const write of sent) {
          if (!attempts.has(write.marker)) continue;
          const key = `${write.token} ${write.resource}`;
          byResource.set(key, [...(byResource.get(key) ?? []), write]);
        }
        const possible = new Map<string, Set<string | null>>();
        for (const [key, writes] of byResource) {
          const first = (w: Sent) => attempts.get(w.marker)![0]!.call;
          const last = (w: Sent) => attempts.get(w.marker)!.at(-1)!.call;
          writes.sort((a, b) => first(a) - first(b));
          writes
            .slice(1)
            .forEach((w, i) =>
              expect(first(w), `${key}: m${writes[i]!.marker} and m${w.marker} overlap`).toBeGreaterThan(last(writes[i]!)),
            );
          let states = new Set([initialState(key)]);
          for (const write of writes) {
            const effect = isDelete(write.kind) ? null : `m${write.marker}`;
            if (isSuccess(write.answer)) states = new Set([effect]);
            else if (!certainlyNotApplied(write.answer!)) states.add(effect);
          }
          possible.set(key, states);
        }
        const actual = new Map(
          tokens.flatMap((token) => [...stateOf(simulator.account(token))].map(([resource, state]) => [`${token} ${resource}`, state])),
        );
        for (const key of new Set([...actual.keys(), ...possible.keys()])) {
          const state = actual.get(key) ?? null;
          const allowed = possible.get(key) ?? new Set([initialState(key)]);
          expect([...allowed], `${key} holds ${state}`).toContain(state);
        }
      }),
      {
        numRuns: RUNS,
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
        ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
        endOnFailure: process.env.FC_SHRINK === undefined,
      },
    );
  },
  60_000 + RUNS * 2_000,
);

function initialState(key: string): string | null {
  const [, type, , uid] = key.split(' ');
  return type === 'external' && SEEDED_UIDS.includes(uid!) && key.includes(' cal_a ') ? `External ${uid}` : null;
}

/** Every resource of the account with what it holds: the marker of the write that made it, or null. */
function stateOf(account: Account): Map<string, string | null> {
  const state = new Map<string, string | null>();
  for (const calendar of account.calendars.values()) {
    for (const id of EVENT_IDS) state.set(`event ${calendar.id} ${id}`, null);
    for (const uid of EXTERNAL_UIDS) state.set(`external ${calendar.id} ${uid}`, null);
    for (const [id, event] of calendar.events) state.set(`event ${calendar.id} ${id}`, String(event.summary));
    for (const [uid, event] of calendar.externalEvents) state.set(`external ${calendar.id} ${uid}`, String(event.body.summary));
  }
  for (const id of PERIOD_IDS) state.set(`period ${id}`, null);
  for (const [id, period] of account.availablePeriods) state.set(`period ${id}`, `m${(Date.parse(String(period.start)) - BASE) / 60_000}`);
  return state;
}
