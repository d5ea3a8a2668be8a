import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileStep, runCompiledStep } from '../src/planner/compiled-fields.js';
import { planMutation } from '../src/planner/plan.js';
import { concurrentSchemaOf } from '../src/planner/use-mutation-planner.js';
import { schema } from '../src/schema/index.js';
import { ANSWER_FRAGMENTS, eventInput, useStack } from './support/stack.js';

const compile = (source: string, variables: Record<string, unknown> = {}) => {
  const plan = planMutation(schema, parse(source), undefined, variables);
  return plan && compileStep(concurrentSchemaOf(schema), plan.steps[0]!);
};

describe('compileStep: one compiled query per field shape', () => {
  it('shares one compiled query between fields that differ only in alias and variable names', () => {
    const compiled = compile(
      `mutation($a: UpsertEventInput!, $b: UpsertEventInput!, $c: UpsertEventInput!, $d: UpsertEventInput!) {
      a: upsertEvent(input: $a) { __typename }
      b: upsertEvent(input: $b) { __typename }
      c: upsertEvent(input: $c) @include(if: true) { __typename }
      d: upsertEvent(input: $d) { __typename ... on Error { message } }
    }`,
      Object.fromEntries(['a', 'b', 'c', 'd'].map((name, i) => [name, eventInput(i)])),
    );
    const [a, b, c, d] = compiled!.fields;
    expect(a!.key).toBe(b!.key);
    expect(a!.key).toBe(c!.key);
    expect(d!.key).not.toBe(a!.key);
    expect(compiled!.keys).toHaveLength(2);
  });

  it('leaves a step whose fields do not share shapes to graphql-js: compiling pays only through sharing', () => {
    const del = (name: string, selection: string) => `${name}: deleteEvent(input: $${name}) { ${selection} }`;
    const source = (selections: string[]) =>
      `mutation(${selections.map((_, i) => `$f${i}: DeleteEventInput!`).join(', ')}) { ${selections.map((s, i) => del(`f${i}`, s)).join(' ')} }`;
    expect(compile(source(['__typename', 'a: __typename', 'b: __typename']))).toBeNull();
    expect(compile(source(['__typename', '__typename', 'a: __typename', 'a: __typename']))).not.toBeNull();
  });

  it('never compiles a value literal: graphql-jit writes literals into its code and turns some strings into code', () => {
    const field = (name: string) => `${name}: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename }`;
    expect(compile(`mutation { ${field('a')} ${field('b')} }`)).toBeNull();
    const withDefault = `mutation($a: DeleteEventInput! = { calendarId: "cal_1", eventId: "x" }) { a: deleteEvent(input: $a) { __typename } b: deleteEvent(input: $a) { __typename } }`;
    expect(compile(withDefault, { a: { calendarId: 'cal_1', eventId: 'y' } })).toBeNull();
  });

  it('does not compile a shape longer than 4 096 characters: graphql-jit repeats each alias in its code', () => {
    const pair = (alias: string) =>
      `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) { a: deleteEvent(input: $a) { ${alias}: __typename } b: deleteEvent(input: $b) { ${alias}: __typename } }`;
    expect(compile(pair('x'.repeat(3000)))).not.toBeNull();
    expect(compile(pair('x'.repeat(5000)))).toBeNull();
  });

  it('keeps at most 500 shapes: a step whose shape was dropped runs nothing and says so', () => {
    const pair = (alias: string) =>
      `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) { a: deleteEvent(input: $a) { ${alias}: __typename } b: deleteEvent(input: $b) { ${alias}: __typename } }`;
    const compiled = compile(pair('first'))!;
    expect(compiled).not.toBeNull();
    for (let i = 0; i < 500; i++) expect(compile(pair(`other${i}`))).not.toBeNull();
    expect(runCompiledStep(compiled, undefined, {}, {})).toBe('evicted');
  });

  it('leaves a step whose variables hold a @oneOf input to graphql-js, which checks that exactly one member is set', () => {
    expect(
      compile(`mutation($r: [BatchRequestInput!]!) { a: batch(requests: $r) { __typename } b: batch(requests: $r) { __typename } }`),
    ).toBeNull();
  });
});

/**
 * A document's first request runs through graphql-js; from its second on, the planner runs the
 * compiled fields. Each case sends a document of its own (Yoga caches plans by source text)
 * three times and expects the same answer, byte for byte, and the same entries sent to Cronofy.
 */
describe('compiled fields answer and write exactly as graphql-js does', () => {
  const stack = useStack();

  const thrice = async (send: () => Promise<{ status: number; body: unknown }>) => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const before = stack.simulator.calls.length;
      const { status, body } = await send();
      const sent = stack.simulator.calls.slice(before).map((call) => call.entries);
      runs.push(JSON.stringify({ status, body, sent }));
    }
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    return JSON.parse(runs[0]!) as { status: number; body: any; sent: unknown[][] };
  };

  const MIXED = `mutation Mixed($ok: UpsertEventInput!, $ok2: UpsertEventInput!, $tooLong: UpsertEventInput!, $elsewhere: UpsertEventInput!,
      $period: UpsertAvailablePeriodInput!, $period2: UpsertAvailablePeriodInput!, $del: DeleteEventInput!) {
    kind: __typename
    ok: upsertEvent(input: $ok) { ...Answer }
    tooLong: upsertEvent(input: $tooLong) { ...Answer }
    elsewhere: upsertEvent(input: $elsewhere) { ...Answer }
    again: upsertEvent(input: $ok) { __typename ... on UpsertEventSuccess { event { calendarId eventId } } }
    other: upsertEvent(input: $ok2) { __typename ... on UpsertEventSuccess { event { calendarId eventId } } }
    deleted: deleteEvent(input: $del) { ... on DeleteEventSuccess { eventId } }
    deletedAgain: deleteEvent(input: $del) { ... on DeleteEventSuccess { eventId } }
    period: upsertAvailablePeriod(input: $period) { __typename }
    period2: upsertAvailablePeriod(input: $period2) { __typename }
  }
  ${ANSWER_FRAGMENTS}`;
  const mixed = (tag: string) => `${MIXED}\n# ${tag}`;
  const variables = {
    ok: eventInput(1),
    ok2: eventInput(4),
    tooLong: { ...eventInput(2), summary: 's'.repeat(1025) },
    elsewhere: eventInput(3, 'cal_9'),
    period: { availablePeriodId: 'p1', start: '2026-12-08T09:00:00Z', end: '2026-12-08T17:00:00Z' },
    period2: { availablePeriodId: 'p2', start: '2026-12-09T09:00:00Z', end: '2026-12-09T17:00:00Z' },
    del: { calendarId: 'cal_1', eventId: 'event-1' },
  };

  it('compiles the document these cases send', () => {
    expect(compile(MIXED, variables)).not.toBeNull();
  });

  it('answers every kind of outcome, fragments and a shared variable alike, in the same calls', async () => {
    const { body, sent } = await thrice(() => stack.graphql(mixed('outcomes'), variables));
    expect(body.data.kind).toBe('Mutation');
    expect([body.data.ok, body.data.tooLong, body.data.elsewhere].map((answer: any) => answer.__typename)).toEqual([
      'UpsertEventSuccess',
      'ValidationError',
      'CronofyRequestError',
    ]);
    expect(body.data.again).toEqual({ __typename: 'UpsertEventSuccess', event: { calendarId: 'cal_1', eventId: 'event-1' } });
    // The refused input is never sent; the four writes to event-1 go in order, the later three in calls of their own.
    expect(sent.map((entries) => entries.length)).toEqual([5, 1, 1, 1]);
  });

  it('puts a failed call at each field of it, with the caller’s paths, locations and error codes', async () => {
    const { body } = await thrice(() => {
      // One for each of the request's four calls.
      stack.simulator.injectFaults(...Array.from({ length: 4 }, () => ({ kind: 'status', status: 403 }) as const));
      return stack.graphql(mixed('failed call'), variables);
    });
    const errors = body.errors as Array<{ path: string[]; locations: unknown[]; extensions: { code: string } }>;
    expect(errors.map((error) => error.path.join('.'))).toEqual([
      'ok',
      'elsewhere',
      'again',
      'other',
      'deleted',
      'deletedAgain',
      'period',
      'period2',
    ]);
    expect(new Set(errors.map((error) => error.extensions.code))).toEqual(new Set(['FORBIDDEN']));
    expect(errors[0]!.locations).toEqual([{ line: 4, column: 5 }]);
  });

  it('refuses a caller without a token at every field alike', async () => {
    const { body, sent } = await thrice(() => stack.graphql(mixed('no token'), variables, { token: null }));
    expect(body.errors).toHaveLength(9);
    expect(sent).toEqual([]);
  });

  it('still refuses the whole operation, sending nothing, when a variable does not coerce after the document was compiled', async () => {
    await thrice(() => stack.graphql(mixed('bad variable'), variables));
    const sent = stack.simulator.calls.length;
    const { status, body } = await stack.graphql(mixed('bad variable'), { ...variables, elsewhere: { ...eventInput(3), start: 'soon' } });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/^Variable "\$elsewhere" got invalid value "soon" at "elsewhere.start"/);
    expect(body.data).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(sent);
  });

  // Found by a review that sent both paths the same documents: graphql-jit differs on each of these,
  // so the planner leaves them to graphql-js, and their answers and writes stay graphql-js' own.
  describe('where graphql-jit differs from graphql-js', () => {
    const LITERAL = 'calendarId: "cal_1", eventId: "e1", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z"';

    it('sends a string literal as written, never as code (graphql-jit turns "__MAGIC_DATE__…" strings into code)', async () => {
      const eventId = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0)&&String(process.pid)||(0';
      const field = (name: string) =>
        `${name}: deleteEvent(input: { calendarId: "cal_1", eventId: ${JSON.stringify(eventId)} }) { ... on DeleteEventSuccess { eventId } }`;
      const { body, sent } = await thrice(() => stack.graphql(`mutation { ${field('a')} ${field('b')} }`));
      expect(body.data).toEqual({ a: { eventId }, b: { eventId } });
      expect(sent.flat().map((entry: any) => entry.data.event_id)).toEqual([eventId, eventId]);
    });

    it('answers aliases named like Object.prototype properties as graphql-js does (`__proto__` is not compiled)', async () => {
      const input = { calendarId: 'cal_1', eventId: 'x' };
      for (const aliases of [
        ['constructor', 'toString', 'hasOwnProperty'],
        ['__proto__', 'constructor', 'valueOf'],
      ]) {
        const field = (name: string) =>
          `${name}: deleteEvent(input: $${name}) { ${aliases[0]}: __typename ${aliases[1]}: __typename ... on DeleteEventSuccess { ${aliases[2]}: eventId } }`;
        const source = `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) { ${field('a')} ${field('b')} }`;
        expect(compile(source, { a: input, b: input }) === null).toBe(aliases[0] === '__proto__');
        const { body } = await thrice(() => stack.graphql(source, { a: input, b: input }));
        expect(Object.keys(body.data.a)).toEqual(aliases);
      }
    });

    it('answers a root field aliased `__proto__` as graphql-js does', async () => {
      const source = `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) {
        __proto__: deleteEvent(input: $a) { __typename }
        b: deleteEvent(input: $b) { __typename }
      }`;
      const input = { calendarId: 'cal_1', eventId: 'x' };
      expect(compile(source, { a: input, b: input })).toBeNull();
      const { body } = await thrice(() => stack.graphql(source, { a: input, b: input }));
      expect(Object.keys(body.data)).toEqual(['__proto__', 'b']);
    });

    it('sends no null for an omitted variable inside a literal input (null would clear the field upstream)', async () => {
      const source = `mutation($u: String, $d: String) {
        a: upsertEvent(input: { ${LITERAL}, url: $u, description: $d }) { __typename }
        b: upsertEvent(input: { ${LITERAL}, url: $u, description: $d }) { __typename }
      }`;
      const { sent } = await thrice(() => stack.graphql(source, {}));
      expect(sent.flat()).toHaveLength(2);
      for (const entry of sent.flat() as Array<{ data: object }>) expect(entry.data).not.toHaveProperty('description');
    });

    it('refuses a null variable at a non-null place inside a literal, sending nothing', async () => {
      const source = `mutation($r: ReminderInput = { minutes: 5 }) {
        a: upsertEvent(input: { ${LITERAL}, reminders: [$r] }) { __typename }
        b: upsertEvent(input: { ${LITERAL}, reminders: [$r] }) { __typename }
      }`;
      const { body, sent } = await thrice(() => stack.graphql(source, { r: null }));
      expect(body.errors[0].message).toMatch(/^Argument "input" has invalid value/);
      expect(sent).toEqual([]);
    });

    it('locates a null for a whole argument at the variable', async () => {
      const source = `mutation($a: DeleteEventInput = { calendarId: "cal_1", eventId: "x" }) {
        a: deleteEvent(input: $a) { __typename }
        b: deleteEvent(input: $a) { __typename }
      }`;
      const { body } = await thrice(() => stack.graphql(source, { a: null }));
      expect(body.errors[0].locations).toEqual([{ line: 2, column: 31 }]);
    });

    it('answers a batch list with one item per request when its items settle at different times', async () => {
      const source = `mutation($e: UpsertEventInput!, $f: UpsertEventInput!) {
        a: batch(requests: [{ upsertEvent: $e }, { upsertEvent: $f }]) { __typename }
        b: batch(requests: [{ upsertEvent: $e }, { upsertEvent: $f }]) { __typename }
      }`;
      const { body } = await thrice(() => {
        stack.simulator.injectFaults({ kind: 'status', status: 403 });
        return stack.graphql(source, { e: eventInput(30), f: { ...eventInput(31), summary: 's'.repeat(2000) } });
      });
      expect(body.data.a).toEqual([null, { __typename: 'ValidationError' }]);
    });
  });
});
