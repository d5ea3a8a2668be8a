import { Readable } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ALICE, useStack } from '../support/stack.js';

/** One field as a frontend writes it: literal input, every member of the answer. */
const upsertField = (i: number) =>
  `f${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "event-${i}", summary: "Meeting ${i}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) {
    __typename
    ... on UpsertEventSuccess { calendarId eventId status }
    ... on ValidationError { message fieldErrors { field key description } }
    ... on CronofyRequestError { message status }
  }`;
const upserts = (n: number) => `mutation { ${Array.from({ length: n }, (_, i) => upsertField(i)).join('\n')} }`;
/** The fewest tokens a field can take. */
const terse = (n: number) =>
  `mutation($v: DeleteAvailablePeriodInput!) { ${Array.from({ length: n }, (_, i) => `f${i}: deleteAvailablePeriod(input: $v) { __typename }`).join(' ')} }`;

describe('the default limits, sized for operations of a few hundred writes', () => {
  const stack = useStack();

  it('let an operation of 300 mutation fields written out in full through, in 6 calls', async () => {
    const { status, body } = await stack.graphql(upserts(300));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).filter((f: any) => f.__typename === 'UpsertEventSuccess')).toHaveLength(300);
    expect(stack.simulator.calls).toHaveLength(6);
  });

  it.each([
    ['written out in full', upserts(700), 'Token limit of 20000 exceeded. Send it as several smaller operations.'],
    // Counted on what will run before the document is validated, so the field count answers first.
    [
      'written tersely',
      terse(1500),
      'This operation has 1500 mutation fields; one operation may have at most 500. Send the writes as several operations.',
    ],
  ])('refuse an operation of thousands of mutation fields %s with LIMIT_EXCEEDED, sending nothing', async (_form, query, message) => {
    const { status, body } = await stack.graphql(query, { v: { availablePeriodId: 'p' } });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message, extensions: { code: 'LIMIT_EXCEEDED' } }]);
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

const LOW = {
  MAX_BODY_BYTES: '2048',
  MAX_TOKENS: '100',
  MAX_DEPTH: '3',
  MAX_ALIASES: '3',
  MAX_DIRECTIVES: '2',
  MAX_MUTATION_FIELDS: '3',
  MAX_BATCH_REQUESTS: '3',
  MAX_OPERATIONS_PER_REQUEST: '2',
  MAX_CALLS_PER_REQUEST: '2',
  MAX_ENTITIES: '2',
};

const deletes = (n: number) => Array.from({ length: n }, (_, i) => ({ deleteEvent: { calendarId: 'cal_1', eventId: `e${i}` } }));
const sameEvent = (n: number) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `d${i}: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename }`).join(' ')} }`;
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
const periods = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'AvailablePeriod', availablePeriodId: `p${i}` }));
const ROOT_FIELDS = [
  'deleteEvent(input: { calendarId: "cal_1", eventId: "a" }) { __typename }',
  'deleteAvailablePeriod(input: { availablePeriodId: "b" }) { __typename }',
  'deleteExternalEvent(input: { calendarId: "cal_1", eventUid: "c" }) { __typename }',
  'batch(requests: []) { __typename }',
];

/** A JSON body of exactly `bytes` bytes: a small query padded with spaces, which cost no tokens. */
const sized = (bytes: number) => {
  const body = JSON.stringify({ query: '{ batchLimit }' });
  return body.replace('}"}', `}${' '.repeat(bytes - body.length)}"}`);
};

/** For each limit, a request just within it and one just over it, as the operator set them in LOW. */
const cases: Array<{ limit: keyof typeof LOW; within: unknown; over: unknown; status: number; message: string }> = [
  { limit: 'MAX_BODY_BYTES', within: sized(2048), over: sized(2049), status: 413, message: 'larger than this service takes (2048 bytes)' },
  {
    limit: 'MAX_TOKENS',
    // No key more than 50 times in one selection set, which is a bound of its own.
    within: { query: `{ ${'batchLimit '.repeat(49)}${'__typename '.repeat(49)}}` },
    over: { query: `{ ${'batchLimit '.repeat(50)}${'__typename '.repeat(49)}}` },
    status: 400,
    message: 'Token limit of 100 exceeded.',
  },
  {
    limit: 'MAX_DEPTH',
    within: { query: 'mutation { batch(requests: []) { ... on ValidationError { fieldErrors { field } } } }' },
    over: { query: '{ __type(name: "Query") { fields { type { name } } } }' },
    status: 400,
    message: 'Query depth limit of 3 exceeded, found 4.',
  },
  {
    limit: 'MAX_ALIASES',
    within: { query: '{ a: batchLimit b: batchLimit c: batchLimit }' },
    over: { query: '{ a: batchLimit b: batchLimit c: batchLimit d: batchLimit }' },
    status: 400,
    message: 'Aliases limit of 3 exceeded, found 4.',
  },
  {
    limit: 'MAX_DIRECTIVES',
    within: { query: '{ ... @include(if: true) { batchLimit } ... @skip(if: false) { batchLimit } }' },
    over: { query: '{ ... @include(if: true) { batchLimit } ... @skip(if: false) { batchLimit } ... @include(if: true) { batchLimit } }' },
    status: 400,
    message: 'Directives limit of 2 exceeded, found 3.',
  },
  {
    limit: 'MAX_MUTATION_FIELDS',
    within: { query: `mutation { ${ROOT_FIELDS.slice(0, 3).join(' ')} }` },
    over: { query: `mutation { ${ROOT_FIELDS.join(' ')} }` },
    status: 400,
    message: 'This operation has 4 mutation fields; one operation may have at most 3.',
  },
  {
    limit: 'MAX_BATCH_REQUESTS',
    within: { query: 'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }', variables: { r: deletes(3) } },
    over: { query: 'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }', variables: { r: deletes(4) } },
    status: 400,
    message: 'The batch fields of this operation hold 4 requests together; one operation may hold at most 3.',
  },
  {
    limit: 'MAX_CALLS_PER_REQUEST',
    // Writes to one event go in calls of their own, one after another: 2 writes, 2 calls.
    within: { query: sameEvent(2) },
    over: { query: sameEvent(3) },
    status: 400,
    message:
      "This request's 3 writes need 3 Cronofy batch calls, because writes to the same event or available period go in calls of their own",
  },
  {
    limit: 'MAX_ENTITIES',
    within: { query: ENTITIES, variables: { r: periods(2) } },
    over: { query: ENTITIES, variables: { r: periods(3) } },
    status: 400,
    message: 'This request asks _entities for more than 2 representations.',
  },
  {
    limit: 'MAX_OPERATIONS_PER_REQUEST',
    within: [{ query: '{ batchLimit }' }, { query: '{ batchLimit }' }],
    over: [{ query: '{ batchLimit }' }, { query: '{ batchLimit }' }, { query: '{ batchLimit }' }],
    status: 413,
    message: 'Batching is limited to 2 operations per request.',
  },
];

describe('each limit, set through its variable', () => {
  const stack = useStack({ env: LOW });
  const send = (body: unknown, accept = 'application/graphql-response+json, application/json') =>
    stack.post(typeof body === 'string' ? JSON.parse(body) : body, { authorization: `Bearer ${ALICE}`, accept });

  it.each(cases)(
    '$limit: lets a request within it through and refuses one over it with its status, whatever the client accepts, sending nothing',
    async ({ within, over, status, message }) => {
      const passed = await send(within);
      expect(passed.status).toBe(200);
      expect(JSON.stringify(passed.body)).not.toContain('"errors"');

      // Many clients (Apollo Client, urql, curl) accept only application/json.
      for (const accept of ['application/graphql-response+json, application/json', 'application/json']) {
        stack.simulator.calls.length = 0;
        const refused = await send(over, accept);
        expect(refused.status, `status with accept: ${accept}`).toBe(status);
        const [error] = Array.isArray(refused.body) ? refused.body : refused.body.errors;
        expect(error.message).toContain(message);
        expect(stack.simulator.calls).toHaveLength(0);
      }
    },
  );

  it('MAX_BATCH_REQUESTS: counts a variable once for every batch field that uses it', async () => {
    const { status, body } = await stack.graphql(
      'mutation($r: [BatchRequestInput!]!) { a: batch(requests: $r) { __typename } b: batch(requests: $r) { __typename } }',
      { r: deletes(2) },
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'The batch fields of this operation hold 4 requests together; one operation may hold at most 3. Send them as several operations.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('MAX_BODY_BYTES: bounds a chunked body, which declares no length, as it streams', async () => {
    const chunked = (body: string) =>
      request(stack.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Readable.from([body.slice(0, 1000), body.slice(1000)]),
      });
    const within = await chunked(sized(2048));
    expect(within.statusCode).toBe(200);
    expect(await within.body.json()).toEqual({ data: { batchLimit: 50 } });

    const over = await chunked(sized(4000));
    expect(over.statusCode).toBe(413);
    expect(await over.body.json()).toEqual({
      errors: [
        {
          message:
            'The request body is larger than this service takes (2048 bytes). Send fewer writes per request, or split the operation.',
          extensions: { code: 'LIMIT_EXCEEDED' },
        },
      ],
    });
  });
});

describe('limits are judged on what will run', () => {
  const stack = useStack();

  it('refuses a selection set that repeats one response key more than 50 times before validating it, and lets 50 through', async () => {
    const write = 'same: deleteEvent(input: { calendarId: "cal_1", eventId: "same" }) { __typename }';
    for (const [query, key] of [
      [`{ ${'batchLimit '.repeat(19_000)}}`, 'batchLimit'],
      [`mutation { ${`${write} `.repeat(51)}}`, 'same'],
      [`mutation { ... on Mutation { ${`${write} `.repeat(26)}} ${`${write} `.repeat(25)}}`, 'same'],
    ] as const) {
      const { status, body } = await stack.graphql(query);
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        {
          message: `The response key "${key}" appears more than 50 times in one selection set; one selection set may repeat a key at most 50 times. Select each field once, with an alias of its own where the arguments differ.`,
          extensions: { code: 'LIMIT_EXCEEDED' },
        },
      ]);
    }
    expect(stack.simulator.calls).toHaveLength(0);

    const fifty = await stack.graphql(`mutation { ${`${write} `.repeat(50)}}`);
    expect(fifty.body).toEqual({ data: { same: { __typename: 'DeleteEventSuccess' } } });
  });

  it('refuses a document too repetitive to validate with a message that says what to change', async () => {
    // 50 fields of one key, each selecting one field 50 times: 1,225 pairs of 2,500 comparisons each.
    const { status, body } = await stack.graphql(`{ ${`dataCenter { ${'id '.repeat(50)}} `.repeat(50)}}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'This document repeats fields or fragments more often than can be validated in reasonable time. Select each field once, and send it as several smaller operations.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
  });
  const BATCH_OF_DEFAULTS = (items: number, fields: number) =>
    `mutation($r: [BatchRequestInput!]! = [${Array.from({ length: items }, (_, i) => `{ deleteAvailablePeriod: { availablePeriodId: "p${i}" } }`).join(', ')}]) { ${Array.from({ length: fields }, (_, i) => `b${i}: batch(requests: $r) { __typename }`).join(' ')} }`;

  it.each([
    [
      'an input object of 10,000 keys',
      { k: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) },
      'An object in the variables has 10000 keys; no input type of this schema has more than',
    ],
    ['values nested 30 deep', { k: JSON.parse('['.repeat(30) + ']'.repeat(30)) }, 'The variables nest deeper than 9 levels'],
    [
      '20,000 variables',
      Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`v${i}`, i])),
      'The variables object names 20000 variables; a document within the token limit declares at most 5000.',
    ],
    [
      'a list of 5,000 items',
      { k: Array.from({ length: 5_000 }, () => ({ deleteEvent: { calendarId: 'cal_1', eventId: 'x' } })) },
      'A list in the variables has 5000 items; no list this service takes may have more than 1000.',
    ],
  ])('refuses variables no input could be (%s) before coercing them', async (_what, variables, message) => {
    const { status, body } = await stack.graphql('mutation($k: [BatchRequestInput!]!) { batch(requests: $k) { __typename } }', variables);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: expect.stringContaining(message), extensions: { code: 'LIMIT_EXCEEDED' } }]);
    expect(body.errors![0]!.message.length).toBeLessThan(300);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('refuses a document over MAX_DOCUMENT_BYTES before parsing it, however it is padded', async () => {
    const { status, body } = await stack.graphql(`# ${'x'.repeat(300_000)}\n{ batchLimit }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'This document is 300017 bytes; one document may be at most 262144. Send values as variables, and leave out comments and padding.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
  });

  it.each([
    [
      'nested 1,000 deep',
      `{"query":"{ batchLimit }","variables":{"k":${'['.repeat(1_000)}${']'.repeat(1_000)}}}`,
      'The JSON body nests deeper than 64 levels',
    ],
    [
      'of 150,000 members',
      `{"query":"{ batchLimit }","variables":{${Array.from({ length: 150_000 }, (_, i) => `"k${i}":0`).join(',')}}}`,
      'The JSON body has more than 100000 members and items',
    ],
  ])('refuses a JSON body %s before JSON.parse sees it', async (_what, body, message) => {
    const response = await request(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toEqual({
      errors: [{ message: expect.stringContaining(message), extensions: { code: 'LIMIT_EXCEEDED' } }],
    });
  });

  it('scans the variables of a url-encoded body too, and takes no multipart body', async () => {
    const form = new URLSearchParams({ query: '{ batchLimit }', variables: `{"k":${'['.repeat(1_000)}${']'.repeat(1_000)}}` });
    const urlEncoded = await request(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-yoga-csrf': '1' },
      body: form.toString(),
    });
    expect(urlEncoded.statusCode).toBe(400);
    expect(JSON.stringify(await urlEncoded.body.json())).toContain('The JSON body nests deeper than 64 levels');

    const multipart = await request(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-graphql-yoga-csrf': '1' },
      body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ batchLimit }"}\r\n--x--\r\n`,
    });
    expect(multipart.statusCode).toBe(415);
    await multipart.body.dump();
  });

  it('counts comments as tokens: a document of nothing but 30,000 comment lines is refused before it is parsed', async () => {
    const { status, body } = await stack.graphql(`${'#\n'.repeat(30_000)}{ batchLimit }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: 'This document has more than 20000 comments; comments count as tokens here. Send it without them.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
  });

  it("counts a variable's default value: 50 batch fields × 2,000 defaulted requests are refused, nothing sent", async () => {
    const { status, body } = await stack.graphql(BATCH_OF_DEFAULTS(2000, 50));
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'The batch fields of this operation hold 100000 requests together; one operation may hold at most 500. Send them as several operations.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('lets a defaulted variable within the limits through, and sends what it holds', async () => {
    const { status, body } = await stack.graphql(BATCH_OF_DEFAULTS(3, 2));
    expect(status).toBe(200);
    expect(body.data!.b1).toHaveLength(3);
    // Both fields delete the same three periods, so the second field's writes follow in a call of their own.
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([3, 3]);
  });

  it('refuses a whole HTTP batch when one of its operations is over the token limit, and sends nothing', async () => {
    const { status, body } = await stack.post(
      [
        { query: `{ ${'batchLimit '.repeat(20_001)}}` },
        { query: 'mutation { deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename } }' },
      ],
      { authorization: `Bearer ${ALICE}` },
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { message: 'Token limit of 20000 exceeded. Send it as several smaller operations.', extensions: { code: 'LIMIT_EXCEEDED' } },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('refuses a whole HTTP batch whose operations are each within the token limit but over it together, and sends nothing', async () => {
    // 200 fields written out in full are about 10,800 tokens: one such operation passes alone.
    const { status, body } = await stack.post([{ query: upserts(200) }, { query: upserts(200) }], { authorization: `Bearer ${ALICE}` });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'The operations of this HTTP batch have more than 20000 tokens together (comments included); one request may have at most 20000. Send them in several requests, or pass values as variables.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);

    const within = await stack.post([{ query: upserts(150) }, { query: `# ${'x '.repeat(100)}\n${upserts(150)}` }], {
      authorization: `Bearer ${ALICE}`,
    });
    expect(within.status).toBe(200);
    expect(JSON.stringify(within.body)).not.toContain('"errors"');
  });

  it('counts variables as execution will coerce them: one object where a list goes is a list of one, and junk is refused by execution, not by a crash', async () => {
    const query = 'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }';
    const single = await stack.graphql(query, { r: { deleteEvent: { calendarId: 'cal_1', eventId: 'one' } } });
    expect(single.body).toEqual({ data: { batch: [{ __typename: 'DeleteEventSuccess' }] } });
    for (const r of [[null, 'x', 5], [{ deleteEvent: null }], 'x', [{ upsertEvent: { calendarId: 7 } }]]) {
      const junk = await stack.graphql(query, { r });
      expect(junk.status).toBe(400);
      expect(junk.body.errors![0]!.message).toMatch(/^Variable "\$r" got invalid value/);
    }
    expect(stack.simulator.calls).toHaveLength(1);
  });

  it('counts every operation of an HTTP batch together: 10 × 500 writes to one event are refused whole', async () => {
    const operation = {
      query: 'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }',
      variables: { r: Array.from({ length: 500 }, () => ({ deleteEvent: { calendarId: 'cal_1', eventId: 'x' } })) },
    };
    const { status, body } = await stack.post(
      Array.from({ length: 10 }, () => operation),
      { authorization: `Bearer ${ALICE}` },
    );
    expect(status).toBe(400);
    expect(body.errors[0]).toEqual({
      message:
        "This request's 5000 writes need at least 100 Cronofy batch calls of 50; one request may cause at most 20. Send fewer writes per request.",
      extensions: { code: 'LIMIT_EXCEEDED' },
    });
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('applies @skip and @include with the sent variables, and merges fields spread twice, as execution does', async () => {
    const query = `mutation($skip: Boolean!) {
      ...Writes ...Writes
      c: deleteEvent(input: { calendarId: "cal_1", eventId: "c" }) @skip(if: $skip) { __typename }
    }
    fragment Writes on Mutation { a: deleteEvent(input: { calendarId: "cal_1", eventId: "a" }) { __typename } }`;
    const skipped = await stack.graphql(query, { skip: true });
    expect(Object.keys(skipped.body.data!)).toEqual(['a']);
    expect(stack.simulator.calls).toHaveLength(1);
  });

  it("answers a representation without its key as the caller's error, before any resolver runs", async () => {
    const { status, body } = await stack.graphql(ENTITIES, { r: [{ __typename: 'CalendarEvent', calendarId: 'cal_1' }] });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'Representation 0 of _entities lacks eventId: a CalendarEvent is referenced by "calendarId eventId", each a non-empty string.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    const unknown = await stack.graphql(ENTITIES, { r: [{ __typename: 'Meeting', id: '1' }] });
    expect(unknown.body.errors![0]!.message).toBe(
      'Representation 0 of _entities has no __typename of an entity of this subgraph; it must be one of AvailablePeriod, CalendarEvent, ExternalCalendarEvent.',
    );
  });
});
