import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/planner/analyze.js';
import { planMutation } from '../../src/planner/plan.js';
import { BATCHABLE } from '../../src/schema/batchable.js';
import { schema } from '../../src/schema/index.js';
import { ANSWER_FRAGMENTS, eventInput, type GraphQLResponse, useStack } from '../support/stack.js';

const plan = (source: string, variables: Record<string, unknown> = {}, operationName?: string) => {
  const result = planMutation(analyze(schema, parse(source), operationName), variables);
  return result && result.steps.map((s) => ({ concurrent: s.concurrent, keys: s.fields.map((f) => f.responseKey) }));
};

const del = (id: string) => `deleteEvent(input: { calendarId: "cal_1", eventId: "${id}" }) { __typename }`;

describe('planMutation: which root fields run together', () => {
  it('runs aliased fields as one concurrent step, in document order', () => {
    expect(plan(`mutation { b: ${del('1')} a: ${del('2')} c: ${del('3')} }`)).toEqual([{ concurrent: true, keys: ['b', 'a', 'c'] }]);
  });

  it('follows named and inline fragments', () => {
    expect(
      plan(`mutation { a: ${del('1')} ...Two ... on Mutation { d: ${del('4')} } }
            fragment Two on Mutation { b: ${del('2')} c: ${del('3')} }`),
    ).toEqual([{ concurrent: true, keys: ['a', 'b', 'c', 'd'] }]);
  });

  it('honours @skip and @include with the coerced variables', () => {
    const source = `mutation($skip: Boolean!, $keep: Boolean = true) {
      a: ${del('1')}
      b: deleteEvent(input: { calendarId: "cal_1", eventId: "2" }) @skip(if: $skip) { __typename }
      ... @include(if: $keep) { c: ${del('3')} }
    }`;
    expect(plan(source, { skip: true })).toEqual([{ concurrent: true, keys: ['a', 'c'] }]);
    expect(plan(source, { skip: false, keep: false })).toEqual([{ concurrent: true, keys: ['a', 'b'] }]);
  });

  it('merges repeated response keys into one field', () => {
    expect(plan(`mutation { a: ${del('1')} a: ${del('1')} b: ${del('2')} }`)).toEqual([{ concurrent: true, keys: ['a', 'b'] }]);
  });

  it('plans the named operation only', () => {
    const source = `query Q { batchLimit } mutation M { a: ${del('1')} b: ${del('2')} }`;
    expect(plan(source, {}, 'M')).toEqual([{ concurrent: true, keys: ['a', 'b'] }]);
    expect(plan(source, {}, 'Q')).toBeNull();
  });

  it('leaves plain execution alone where it is as good or required', () => {
    expect(plan(`mutation { a: ${del('1')} }`)).toBeNull();
    expect(plan(`query { batchLimit dataCenters { id } }`)).toBeNull();
    // Variables that do not coerce: plain execution reports them.
    expect(
      plan(
        `mutation($s: Boolean!) { a: ${del('1')} b: deleteEvent(input: { calendarId: "c", eventId: "2" }) @skip(if: $s) { __typename } }`,
        {},
      ),
    ).toBeNull();
    expect(plan(`mutation { a: ${del('1')} ... @defer { b: ${del('2')} } }`)).toBeNull();
  });

  it('gives each step of a split operation only the variables its fields use, through fragments too', () => {
    const field = (batchable: boolean) => ({
      type: GraphQLString,
      args: { x: { type: GraphQLString } },
      extensions: batchable ? { [BATCHABLE]: true } : {},
    });
    const splitSchema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      mutation: new GraphQLObjectType({ name: 'Mutation', fields: { write: field(true), serial: field(false) } }),
    });
    const result = planMutation(
      analyze(
        splitSchema,
        parse(`mutation($a: String, $b: String, $c: String, $unused: String) {
        one: write(x: $a) two: write(x: "2") ...F
        serial(x: $c)
        three: write(x: $c) four: write
      }
      fragment F on Mutation { five: write(x: $b) }`),
        undefined,
      ),
      {},
    );
    expect(result!.steps.map((s) => s.variableDefinitions.map((d) => d.variable.name.value))).toEqual([['a', 'b'], ['c'], ['c']]);
  });

  it('gives a step that is the whole operation every variable, so that one bad variable refuses it all', () => {
    const result = planMutation(
      analyze(
        schema,
        parse(`mutation($a: DeleteEventInput!, $unused: Int) { a: deleteEvent(input: $a) { __typename } ${del('2')} }`),
        undefined,
      ),
      {
        a: { calendarId: 'c', eventId: '1' },
      },
    );
    expect(result!.steps[0]!.variableDefinitions.map((d) => d.variable.name.value)).toEqual(['a', 'unused']);
  });
});

describe('the planner at work', () => {
  const stack = useStack();

  it('sends fields from fragments and variables in one call, in document order, skipping the skipped', async () => {
    const { body } = await stack.graphql(
      `mutation Plan($first: UpsertEventInput!, $skipIt: Boolean!) {
        first: upsertEvent(input: $first) { __typename }
        ...More
        skipped: deleteEvent(input: { calendarId: "cal_1", eventId: "never" }) @skip(if: $skipIt) { __typename }
        ... on Mutation { last: deleteEvent(input: { calendarId: "cal_1", eventId: "last" }) { __typename } }
      }
      fragment More on Mutation { second: deleteAvailablePeriod(input: { availablePeriodId: "ap-1" }) { __typename } }`,
      { first: eventInput(1), skipIt: true },
    );
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toEqual(['first', 'second', 'last']);
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries.map((e: any) => e.data.event_id ?? e.data.available_period_id)).toEqual([
      'event-1',
      'ap-1',
      'last',
    ]);
  });

  it('answers __typename among the writes without breaking the batch', async () => {
    const { body } = await stack.graphql(`mutation { __typename a: ${del('1')} b: ${del('2')} }`);
    expect(body.data).toEqual({ __typename: 'Mutation', a: { __typename: 'DeleteEventSuccess' }, b: { __typename: 'DeleteEventSuccess' } });
    expect(stack.simulator.calls).toHaveLength(1);
  });

  it('reports a bad variable as plain execution would, sending nothing', async () => {
    const { body } = await stack.graphql(`mutation($e: UpsertEventInput!) { a: upsertEvent(input: $e) { __typename } b: ${del('2')} }`, {
      e: { ...eventInput(1), start: '2026-12-07T09:00:00.250Z' },
    });
    expect(body.data).toBeUndefined();
    expect(body.errors![0]!.message).toContain('Cronofy takes whole seconds only');
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

/**
 * A plan is cached per parsed document, so a document's later sends take a path its first send
 * did not. Each case sends a document of its own three times and expects the same answer, byte
 * for byte, and the same entries sent to Cronofy.
 */
describe('a document sent again answers and writes exactly as the first time', () => {
  const stack = useStack();

  const thrice = async (send: () => Promise<GraphQLResponse>) => {
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

  it('puts a failed call at each field of it, in document order, with the caller’s paths, locations and error codes', async () => {
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
    // `errors` before `data`, as graphql-js writes them.
    expect(Object.keys(body)).toEqual(['errors', 'data']);
  });

  it('still refuses the whole operation, sending nothing, when a variable does not coerce on a later send', async () => {
    await thrice(() => stack.graphql(mixed('bad variable'), variables));
    const sent = stack.simulator.calls.length;
    const { status, body } = await stack.graphql(mixed('bad variable'), { ...variables, elsewhere: { ...eventInput(3), start: 'soon' } });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/^Variable "\$elsewhere" got invalid value "soon" at "elsewhere.start"/);
    expect(body.data).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(sent);
  });

  const LITERAL = 'calendarId: "cal_1", eventId: "e1", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z"';

  it('sends a string literal as written, whatever it holds', async () => {
    const eventId = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0)&&String(process.pid)||(0';
    const field = (name: string) =>
      `${name}: deleteEvent(input: { calendarId: "cal_1", eventId: ${JSON.stringify(eventId)} }) { ... on DeleteEventSuccess { eventId } }`;
    const { body, sent } = await thrice(() => stack.graphql(`mutation { ${field('a')} ${field('b')} }`));
    expect(body.data).toEqual({ a: { eventId }, b: { eventId } });
    expect(sent.flat().map((entry: any) => entry.data.event_id)).toEqual([eventId, eventId]);
  });

  it('keeps aliases named like Object.prototype properties, `__proto__` too, at the root and below', async () => {
    const input = { calendarId: 'cal_1', eventId: 'x' };
    for (const aliases of [
      ['constructor', 'toString', 'hasOwnProperty'],
      ['__proto__', 'constructor', 'valueOf'],
    ]) {
      const field = (name: string) =>
        `${name}: deleteEvent(input: $${name}) { ${aliases[0]}: __typename ${aliases[1]}: __typename ... on DeleteEventSuccess { ${aliases[2]}: eventId } }`;
      const { body } = await thrice(() =>
        stack.graphql(`mutation($a: DeleteEventInput!, $b: DeleteEventInput!) { ${field('a')} ${field('b')} }`, { a: input, b: input }),
      );
      expect(Object.keys(body.data.a)).toEqual(aliases);
    }
    const root = `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) {
      __proto__: deleteEvent(input: $a) { __typename }
      b: deleteEvent(input: $b) { __typename }
    }`;
    const { body } = await thrice(() => stack.graphql(root, { a: input, b: input }));
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
    expect(body.errors[0].locations).toEqual([{ line: 2, column: 29 }]);
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

describe('a caller document costs no more the second time it is sent', () => {
  // 500 fields in 250 shapes are more tokens than MAX_TOKENS allows by default; this is not about limits.
  const stack = useStack({ env: { MAX_TOKENS: '60000' } });

  /** Eight selections a `deleteEvent` answer may hold: each non-empty subset of them is a field shape of its own. */
  const SELECTIONS = [
    '__typename',
    '... on DeleteEventSuccess { calendarId }',
    '... on DeleteEventSuccess { eventId }',
    '... on DeleteEventSuccess { status }',
    '... on ValidationError { message }',
    '... on ValidationError { fieldErrors { field } }',
    '... on CronofyRequestError { message }',
    '... on CronofyRequestError { status }',
  ];
  const SHAPES = 250;

  /** 500 writes in 250 shapes, two fields of each; `round` makes every shape new. */
  const document = (round: number) => {
    const names = Array.from({ length: SHAPES }, (_, i) => [`a${i}`, `b${i}`]).flat();
    const selection = (n: number) => [`round${round}: __typename`, ...SELECTIONS.filter((_, bit) => n & (1 << bit))].join(' ');
    const fields = names.map((name, i) => `${name}: deleteEvent(input: $${name}) { ${selection(Math.floor(i / 2) + 1)} }`);
    return {
      source: `mutation Shapes(${names.map((name) => `$${name}: DeleteEventInput!`).join(', ')}) {\n${fields.join('\n')}\n}`,
      variables: Object.fromEntries(names.map((name) => [name, { calendarId: 'cal_1', eventId: `event-${name}` }])),
    };
  };

  // CPU time of this process, which runs the server and the simulator: other processes on the
  // machine slow the wall clock, not this. The second send reuses the first one's parse,
  // validation and plan, so it costs less. A server that compiled a document on its second use
  // would spend 0.7–2 ms a shape here, in one synchronous run that holds the event loop.
  it('250 distinct field shapes, sent twice, are not compiled on the second send', async () => {
    const cpu = { first: 0, second: 0 };
    for (const round of [0, 1]) {
      const { source, variables } = document(round);
      for (const send of ['first', 'second'] as const) {
        const before = process.cpuUsage();
        const { status, body } = await stack.graphql(source, variables);
        const used = process.cpuUsage(before);
        cpu[send] += (used.user + used.system) / 1000;
        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(Object.keys(body.data!)).toHaveLength(2 * SHAPES);
      }
    }
    expect(cpu.second).toBeLessThan(cpu.first);
  });
});
