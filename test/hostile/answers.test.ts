import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB } from './bounds.js';
import { describe as figuresOf, expectBounded } from './checks.js';
import { CALENDAR, jsonRequest, repeat, upsertEventValue } from './request.js';
import { type Outcome, Target } from './target.js';

/**
 * What one request's answer may cost: a small request must not buy an answer many times its
 * size, whether by aliasing fields under a list the caller sized itself (`_entities`, `batch`)
 * or by aliasing a field that echoes a long value the caller sent.
 */

let target: Target;

beforeAll(async () => {
  target = await Target.start();
}, 60_000);

afterAll(() => target?.stop(), 30_000);

const limitExceeded = (outcome: Outcome) => outcome.errors.some((error) => error.code === 'LIMIT_EXCEEDED');

const representations = (count: number, calendarId = 'cal_1') =>
  Array.from({ length: count }, (_, i) => ({ __typename: 'CalendarEvent', calendarId, eventId: `event-${i}` }));

describe('aliases under a list the caller sizes', () => {
  it('1,000 representations × 999 aliased fields (87 KB) are refused before they run, not answered in a second', async () => {
    const outcome = await target.attack(
      jsonRequest({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ${repeat(999, (i) => `a${i}: __typename`)} } }`,
        variables: { r: representations(1_000) },
      }),
    );
    expectBounded(outcome);
    expect(limitExceeded(outcome), figuresOf(outcome)).toBe(true);
    expect(outcome.excerpt).toContain('answer');
  }, 60_000);

  it('a batch of 500 writes × 999 aliased fields is refused, and nothing is sent', async () => {
    const outcome = await target.attack(
      jsonRequest({
        query: `mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { ${repeat(999, (i) => `a${i}: __typename`)} } }`,
        variables: { r: Array.from({ length: 500 }, (_, i) => ({ deleteEvent: { calendarId: CALENDAR, eventId: `e${i}` } })) },
      }),
    );
    expectBounded(outcome);
    expect(limitExceeded(outcome), figuresOf(outcome)).toBe(true);
    expect(outcome.calls).toBe(0);
  }, 60_000);

  it('999 aliases of __schema (44 KB) are refused: each answers every type of the schema', async () => {
    const outcome = await target.attack(
      jsonRequest({ query: `{ ${repeat(999, (i) => `a${i}: __schema { types { fields { name } } }`)} }` }),
    );
    expectBounded(outcome);
    expect(limitExceeded(outcome), figuresOf(outcome)).toBe(true);
  }, 60_000);

  it('an ordinary answer is not refused: 1,000 writes of distinct events, each answering a dozen fields', async () => {
    const selection =
      '__typename ... on DeleteEventSuccess { status calendarId eventId event { calendarId eventId } } ... on Error { message } ' +
      '... on ValidationError { fieldErrors { field key description } } ... on CronofyRequestError { status }';
    const operation = (from: number) => ({
      query: `mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { ${selection} } }`,
      variables: { r: Array.from({ length: 500 }, (_, i) => ({ deleteEvent: { calendarId: CALENDAR, eventId: `e${from + i}` } })) },
    });
    const outcome = await target.attack(jsonRequest([operation(0), operation(500)]));
    expectBounded(outcome);
    expect(outcome.errors, figuresOf(outcome)).toEqual([]);
    expect(outcome.entries).toBe(1_000);
  }, 60_000);
});

describe('aliases of a field that echoes what the caller sent', () => {
  it('a 3 MB key echoed by 200 aliases is refused, not a 500 after building a 600 MB answer', async () => {
    const outcome = await target.attack(
      jsonRequest({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on CalendarEvent { ${repeat(200, (i) => `a${i}: calendarId`)} } } }`,
        variables: { r: representations(1, 'c'.repeat(3 * MB)) },
      }),
    );
    expectBounded(outcome);
    expect(limitExceeded(outcome), figuresOf(outcome)).toBe(true);
  }, 60_000);

  it('a 3 MB time zone is not quoted back whole: 150 aliases of the ValidationError message stay small', async () => {
    const outcome = await target.attack(
      jsonRequest({
        query: `mutation($i: UpsertEventInput!) { upsertEvent(input: $i) { ... on ValidationError { ${repeat(150, (i) => `a${i}: message`)} } } }`,
        variables: { i: { ...upsertEventValue('long-zone'), startTzid: 'Z'.repeat(3 * MB) } },
      }),
    );
    expectBounded(outcome);
    const answer = outcome.answer as { data?: { upsertEvent?: Record<string, string> } };
    const message = answer.data?.upsertEvent?.a0;
    expect(message, figuresOf(outcome)).toMatch(/startTzid "Z+…" is not an IANA time zone/);
    expect(message!.length).toBeLessThan(500);
  }, 60_000);

  it('distinct long time zones are not kept: 30 of 3 MB leave the heap after a full GC where it was', async () => {
    const before = (await target.stats({ gc: true }))!;
    for (let i = 0; i < 30; i++) {
      const { status, text } = await target.send(
        jsonRequest({
          query: 'mutation($i: UpsertEventInput!) { upsertEvent(input: $i) { __typename } }',
          variables: { i: { ...upsertEventValue(`zone-${i}`), startTzid: `${i}`.padEnd(3 * MB, 'Z') } },
        }),
      );
      expect(status, text.slice(0, 300)).toBe(200);
      expect(text).toContain('ValidationError');
    }
    const after = (await target.stats({ gc: true }))!;
    // Kept, they would be 90 MB of heap.
    expect(after.heapUsed - before.heapUsed, 'heap kept after a full GC').toBeLessThan(20 * MB);
  }, 120_000);
});
