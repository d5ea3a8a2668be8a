import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handoff } from '../../src/http/trusted-lane.js';
import { LANE_CORPUS } from '../support/lane-corpus.js';
import { ALICE, eventInput, type Stack, startStack, upsertOperation } from '../support/stack.js';

/**
 * The trusted lane against Yoga: every request goes to a server with the lane and to one without
 * it (`trustedLane: false`), each with its own simulator; the answers (status, headers, body) and
 * what each simulator received must be the same, and the lane's server must have answered, or
 * handed over, as the lane's rules say.
 */

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const EXAMPLES = JSON.parse(readFileSync('examples/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
const exampleId = (name: string) => Object.entries(EXAMPLES).find(([, text]) => new RegExp(`(mutation|query) ${name}\\b`).test(text))![0];

const GENERATED = [1, 2, 7, 50, 60].map((n) => ({ n, ...upsertOperation(n) }));
/** 30 writes to one event: 30 chained calls, over MAX_CALLS_PER_REQUEST's 20, whatever the document says. */
const SAME_EVENT = upsertOperation(30);
/** Response keys the lane's plain answer objects cannot hold: Yoga answers it. */
const PROTO_KEYS =
  'mutation ProtoKeys($e: DeleteEventInput!) { __proto__: deleteEvent(input: $e) { ... on DeleteEventSuccess { __proto__: calendarId } } }';
const MANIFEST: Record<string, string> = { ...EXAMPLES, [sha256(PROTO_KEYS)]: PROTO_KEYS };
for (const { query } of [...GENERATED, SAME_EVENT, ...Object.values(LANE_CORPUS)]) MANIFEST[sha256(query)] = query;

const ORIGIN = 'https://app.example.com';

function manifestFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lane-')), 'manifest.json');
  writeFileSync(path, JSON.stringify(MANIFEST));
  return path;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Two stacks with the same settings, one with the lane and one without, and what the lane handed over. */
function useLanePair(env: NodeJS.ProcessEnv = {}) {
  const handoffs: Handoff[] = [];
  let lane: Stack | undefined;
  let yoga: Stack | undefined;
  beforeAll(async () => {
    const settings = { env: { TRUSTED_DOCUMENTS: manifestFile(), CORS_ORIGINS: ORIGIN, MAX_BODY_BYTES: '65536', ...env } };
    [lane, yoga] = await Promise.all([
      startStack({ ...settings, trustedLane: { onHandoff: (reason) => handoffs.push(reason) } }),
      startStack({ ...settings, trustedLane: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([lane?.close(), yoga?.close()]);
  });

  const send = async (stack: Stack, options: RawRequest): Promise<Answer> => {
    const { method = 'POST', path = '', headers = {}, body } = options;
    const response = await request(stack.server.url + path, {
      method,
      headers,
      body: typeof body === 'function' ? Readable.from(body()) : body,
    });
    const text = await response.body.text();
    const { date: _date, ...kept } = response.headers;
    return { status: response.statusCode, headers: kept, body: text };
  };
  const sent = (stack: Stack) =>
    stack.simulator.calls.map((call) => ({
      accessToken: call.accessToken,
      dataCenter: call.dataCenter,
      entries: call.entries,
      statuses: call.results.map((result) => result.status),
    }));

  return {
    handoffs,
    get lane() {
      return lane!;
    },
    get yoga() {
      return yoga!;
    },
    /**
     * Sends `options` to both servers, one after the other, and expects the same answer and the
     * same calls to Cronofy; returns the answer and why the lane handed the request over, if it did.
     */
    async compare(options: RawRequest, fault?: Parameters<Stack['simulator']['injectFaults']>[0]) {
      for (const stack of [lane!, yoga!]) {
        stack.simulator.calls.length = 0;
        stack.simulator.faultPlan = fault && (() => fault);
      }
      handoffs.length = 0;
      const viaLane = await send(lane!, options);
      const handoff = handoffs.splice(0);
      const viaYoga = await send(yoga!, options);
      expect(viaLane).toEqual(viaYoga);
      expect(sent(lane!)).toEqual(sent(yoga!));
      return { answer: viaLane, handoff: handoff[0], calls: lane!.simulator.calls.length };
    },
  };
}

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A function: a body of unknown length (sent chunked), made anew for each server. */
  body?: string | (() => AsyncIterable<Buffer>);
}

const JSON_POST = { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` };
const post = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  headers: { ...JSON_POST, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const week = {
  standup: { calendarId: 'cal_1', eventId: 'standup', summary: 'Stand-up', start: '2026-12-07T09:00:00Z', end: '2026-12-07T09:15:00Z' },
  review: { calendarId: 'cal_2', eventId: 'review', summary: 'Review', start: '2026-12-11T15:00:00Z', end: '2026-12-11T16:00:00Z' },
  focus: { availablePeriodId: 'focus', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
};

describe('the trusted lane answers trusted mutations sent by id as Yoga does (TRUSTED_DOCUMENTS_ONLY=true)', () => {
  const pair = useLanePair({ TRUSTED_DOCUMENTS_ONLY: 'true' });

  it('answers the example operations by documentId and by Apollo/urql persistedQuery, with the same writes', async () => {
    const planTheWeek = exampleId('PlanTheWeek');
    const byId = await pair.compare(post({ documentId: planTheWeek, variables: week, operationName: 'PlanTheWeek' }));
    expect(byId.handoff).toBeUndefined();
    expect(byId.answer.status).toBe(200);
    expect(JSON.parse(byId.answer.body).data.standup.__typename).toBe('UpsertEventSuccess');
    expect(byId.calls).toBe(1);

    const hash = planTheWeek.replace('sha256:', '');
    const persisted = await pair.compare(
      post({ operationName: 'PlanTheWeek', variables: week, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    );
    expect(persisted.handoff).toBeUndefined();

    const cancel = await pair.compare(
      post({ documentId: exampleId('CancelEvent'), variables: { calendarId: 'cal_1', eventId: 'standup' } }),
    );
    expect(cancel.handoff).toBeUndefined();
    expect(JSON.parse(cancel.answer.body).data.deleteEvent.__typename).toBe('DeleteEventSuccess');
  });

  it('answers generated documents of 1 to 60 fields, valid or refused entry by entry by Cronofy', async () => {
    for (const { n, query, variables } of GENERATED) {
      const ok = await pair.compare(post({ documentId: sha256(query), variables }));
      expect(ok.handoff, `${n} fields`).toBeUndefined();
      expect(ok.calls).toBe(Math.ceil(n / 50));
      const refused = await pair.compare(post({ documentId: sha256(query), variables }), { kind: 'entries', statuses: { 0: 403, 1: 404 } });
      expect(refused.handoff).toBeUndefined();
      expect(refused.answer.body).toContain('CronofyRequestError');
    }
  });

  it('answers a whole call failing, a missing token and a bad data center header as Yoga does', async () => {
    const { query, variables } = GENERATED[2]!;
    const body = { documentId: sha256(query), variables };
    const failing = await pair.compare(post(body), { kind: 'status', status: 500 });
    expect(failing.handoff).toBeUndefined();
    expect(failing.answer.body).toContain('errors');

    const anonymous = await pair.compare({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anonymous.handoff).toBeUndefined();
    expect(anonymous.answer.body).toContain('UNAUTHENTICATED');
    expect(anonymous.calls).toBe(0);

    const elsewhere = await pair.compare(post(body, { 'cronofy-data-center': 'mars' }));
    expect(elsewhere.handoff).toBeUndefined();
    expect(elsewhere.answer.body).toContain('BAD_DATA_CENTER');
  });

  it('adds the CORS headers useCors would, for a listed origin and another', async () => {
    const { query, variables } = GENERATED[1]!;
    const body = { documentId: sha256(query), variables };
    const listed = await pair.compare(post(body, { origin: ORIGIN }));
    expect(listed.handoff).toBeUndefined();
    expect(listed.answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    const other = await pair.compare(post(body, { origin: 'https://evil.example' }));
    expect(other.handoff).toBeUndefined();
    expect(other.answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.answer.headers['vary']).toBe('Origin');
  });

  it('answers each Accept form it takes with the media type and status Yoga chooses', async () => {
    const { query, variables } = GENERATED[1]!;
    const accepts: Array<[string | undefined, string]> = [
      [undefined, 'application/json'],
      ['*/*', 'application/json'],
      ['application/json', 'application/json'],
      ['application/json; charset=utf-8', 'application/json'],
      ['application/graphql-response+json', 'application/graphql-response+json'],
      ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
      ['application/json, application/graphql-response+json', 'application/json'],
      ['application/*', 'application/json'],
    ];
    for (const [accept, mediaType] of accepts) {
      const headers: Record<string, string> = accept === undefined ? {} : { accept };
      // With a token refused by every field: errors under each field, which some media types answer with another status.
      for (const token of [`Bearer ${ALICE}`, 'Basic x']) {
        const answered = await pair.compare(post({ documentId: sha256(query), variables }, { ...headers, authorization: token }));
        expect(answered.handoff, String(accept)).toBeUndefined();
        expect(answered.answer.headers['content-type']).toBe(`${mediaType}; charset=utf-8`);
      }
    }
  });

  it('hands Yoga the requests it does not take on their headers: GET, chunked, other Accept or content types, over the body limit', async () => {
    const { query, variables } = GENERATED[1]!;
    const body = JSON.stringify({ documentId: sha256(query), variables });
    const cases: RawRequest[] = [
      { method: 'GET', path: `?documentId=${sha256(query)}`, headers: { authorization: `Bearer ${ALICE}`, 'x-graphql-yoga-csrf': '1' } },
      post(body, { accept: 'text/event-stream' }),
      post(body, { accept: 'multipart/mixed' }),
      post(body, { accept: 'application/json; charset=latin1' }),
      post(body, { accept: 'text/html, */*' }),
      post(body, { 'content-type': 'text/plain' }),
      post(body, { 'content-type': 'application/graphql+json' }),
      { path: '?x=1', ...post(body) },
      {
        headers: JSON_POST,
        body: async function* () {
          yield Buffer.from(body);
        },
      },
      post(JSON.stringify({ documentId: sha256(query), variables, padding: 'x'.repeat(70_000) })),
    ];
    for (const raw of cases) {
      const { handoff, calls } = await pair.compare(raw);
      expect(handoff).toBe('headers');
      expect(calls).toBeLessThanOrEqual(1);
    }
  });

  it('hands Yoga, with the body it read, what is not a trusted mutation it prepared, or what the limits or coercion refuse', async () => {
    const { query, variables } = GENERATED[1]!;
    const id = sha256(query);
    const cases: Array<[RawRequest, Handoff]> = [
      [post('{"documentId":'), 'json'],
      [
        post(
          '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
        ),
        'json-shape',
      ],
      [post({ query: 'mutation { __typename }' }), 'params'],
      [post([{ documentId: id, variables }]), 'params'],
      [post({ documentId: id, variables, extra: 1 }), 'params'],
      [post({ documentId: id, variables: null }), 'params'],
      [post({ documentId: id, variables, extensions: { persistedQuery: { version: 1, sha256Hash: id.slice(7) } } }), 'params'],
      [post({ extensions: { persistedQuery: { version: 2, sha256Hash: id.slice(7) } }, variables }), 'params'],
      [post({ documentId: `sha256:${'0'.repeat(64)}`, variables }), 'unknown-document'],
      [post({ documentId: exampleId('SendBatch'), variables: { requests: [] } }), 'not-prepared'],
      [post({ documentId: exampleId('Service') }), 'not-prepared'],
      [post({ documentId: id, variables, operationName: 'Other' }), 'not-prepared'],
      [post({ documentId: sha256(PROTO_KEYS), variables: { e: { calendarId: 'cal_1', eventId: 'event-1' } } }), 'not-prepared'],
      [post({ documentId: sha256(SAME_EVENT.query), variables: sameEvent(30) }), 'limits'],
      [
        post({ documentId: id, variables: { ...variables, e0: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) } }),
        'limits',
      ],
      [post({ documentId: id, variables: { e0: eventInput(0) } }), 'not-started'],
      [post({ documentId: id, variables: { ...variables, e1: { ...eventInput(1), start: 42 } } }), 'not-started'],
    ];
    for (const [raw, reason] of cases) {
      const { handoff, answer, calls } = await pair.compare(raw);
      expect(handoff, raw.body as string).toBe(reason);
      if (!['not-prepared', 'params'].includes(reason)) expect(calls, `${reason}: nothing is sent`).toBe(0);
      if (reason === 'limits') expect(answer.body).toContain('LIMIT_EXCEEDED');
    }
    const proto = await pair.compare(post({ documentId: sha256(PROTO_KEYS), variables: { e: { calendarId: 'cal_1', eventId: 'event-1' } } }));
    expect(JSON.parse(proto.answer.body as string)).toEqual({ data: { ['__proto__']: { ['__proto__']: 'cal_1' } } });
  });

  it('counts its requests in graphql_yoga_http_duration', async () => {
    const { query, variables } = GENERATED[0]!;
    const before = await laneRequests(pair.lane);
    await pair.compare(post({ documentId: sha256(query), variables }));
    expect(await laneRequests(pair.lane)).toBe(before + 1);
  });
});

describe("the lane's prepared executor answers every shape it takes as graphql-js does", () => {
  // Failed calls answered at once, and never a circuit opened by the failures these tests cause.
  const pair = useLanePair({ CRONOFY_MAX_RETRIES: '0', CRONOFY_BREAKER_FAILURES: '1000' });
  const faults: Array<[string, Parameters<Stack['simulator']['injectFaults']>[0] | undefined]> = [
    ['written', undefined],
    ['refused entry by entry (422, 404, 403)', { kind: 'entries', statuses: { 0: 422, 1: 404, 2: 403 } }],
    ['refused in whole (500)', { kind: 'status', status: 500 }],
    ['refused in whole (400)', { kind: 'status', status: 400 }],
  ];

  it('answers each document of the corpus, written, refused entry by entry or call by call, and without a token', async () => {
    for (const [name, { query, variables }] of Object.entries(LANE_CORPUS)) {
      const body = { documentId: sha256(query), variables };
      for (const [what, fault] of faults) {
        const { handoff, answer, calls } = await pair.compare(post(body), fault);
        expect(handoff, `${name}, ${what}`).toBeUndefined();
        expect(calls, `${name}, ${what}`).toBeGreaterThan(0);
        const { data, errors } = JSON.parse(answer.body) as { data: Record<string, unknown>; errors?: Array<{ path: string[] }> };
        if (what === 'written') expect(errors, name).toBeUndefined();
        // A whole call failing: an error at each field's path, and that field null.
        if (what.startsWith('refused in whole')) {
          expect(errors!.map((error) => error.path[0])).toEqual([...new Set(errors!.map((error) => error.path[0]))]);
          for (const error of errors!) expect(data[error.path[0]!]).toBeNull();
        }
      }
      const anonymous = await pair.compare({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(anonymous.handoff, name).toBeUndefined();
      expect(anonymous.calls).toBe(0);
      const { data, errors } = JSON.parse(anonymous.answer.body) as {
        data: Record<string, unknown>;
        errors: Array<{ extensions: { code: string } }>;
      };
      expect(errors.length).toBe(Object.keys(data).length);
      expect(new Set(errors.map((error) => error.extensions.code))).toEqual(new Set(['UNAUTHENTICATED']));
    }
  });

  // Cronofy's own 422s are in the first test (the simulator refuses nothing the layer lets through).
  it("answers the layer's own refusals with their field errors", async () => {
    const { query, variables } = LANE_CORPUS.allKinds!;
    const send = (changed: Record<string, unknown>) =>
      pair.compare(post({ documentId: sha256(query), variables: { ...variables, ...changed } }));
    const here = await send({
      up: { ...eventInput(1), summary: 'x'.repeat(1025) },
      ap: { ...(variables.ap as object), end: '2026-12-08T12:00:00Z' },
    });
    expect(here.handoff).toBeUndefined();
    expect(here.answer.body).toContain('errors.too_long');
    const subscription = await send({ up: { ...eventInput(1), subscriptions: [{ type: 'WEBHOOK', uri: 'https://example.com/hook' }] } });
    expect(subscription.handoff).toBeUndefined();
    expect(JSON.parse(subscription.answer.body).data.up.fieldErrors).toEqual([{ key: 'errors.required', field: 'subscriptions[0]' }]);
  });

  it('answers 50- and 60-field documents (one call, two calls), written and failing', async () => {
    for (const { n, query, variables } of GENERATED.filter(({ n }) => n >= 50)) {
      for (const [what, fault] of faults) {
        const { handoff, calls } = await pair.compare(post({ documentId: sha256(query), variables }), fault);
        expect(handoff, `${n} fields, ${what}`).toBeUndefined();
        if (!what.includes('500')) expect(calls).toBe(Math.ceil(n / 50));
      }
    }
  });
});

describe('the trusted lane applies the answer limit as useAnswerLimit does', () => {
  const pair = useLanePair({ MAX_ANSWER_BYTES: '2048' });

  it('refuses a 50-field answer over MAX_ANSWER_BYTES after its writes, with the same error', async () => {
    const { query, variables } = GENERATED[3]!;
    const { handoff, answer, calls } = await pair.compare(post({ documentId: sha256(query), variables }));
    expect(handoff).toBeUndefined();
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('LIMIT_EXCEEDED');
    expect(calls).toBe(1);
  });
});

describe('the trusted lane shares the body budget with useBodyLimit', () => {
  const pair = useLanePair({ MAX_BODY_BYTES: '1024', MAX_BODIES_IN_FLIGHT_BYTES: '1024' });

  it('hands Yoga a body whose bytes do not fit while another body is held, and Yoga answers 503', async () => {
    const { query, variables } = GENERATED[0]!;
    const body = JSON.stringify({ documentId: sha256(query), variables });
    // Another client's body, 1,000 of its declared 1,024 bytes sent, holds the budget on each server.
    const holders = await Promise.all([pair.lane, pair.yoga].map((stack) => holdBody(stack.server.url, 1000)));
    try {
      const { handoff, answer } = await pair.compare(post(body));
      expect(handoff).toBe('body-budget');
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
    } finally {
      for (const holder of holders) holder.destroy();
    }
  });
});

describe('the trusted lane releases what it charged', () => {
  const pair = useLanePair({ MAX_BODY_BYTES: '1024', MAX_BODIES_IN_FLIGHT_BYTES: '1024' });

  it('when a client goes away mid-body: the next request fits again and the lane answers it', async () => {
    const { query, variables } = GENERATED[0]!;
    const body = JSON.stringify({ documentId: sha256(query), variables });
    for (let round = 0; round < 3; round++) {
      const holders = await Promise.all([pair.lane, pair.yoga].map((stack) => holdBody(stack.server.url, 1000)));
      for (const holder of holders) holder.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { handoff, answer } = await pair.compare(post(body));
      expect(handoff).toBeUndefined();
      expect(answer.status).toBe(200);
    }
  });
});

/** Variables for `SAME_EVENT`: every write to one event. */
function sameEvent(n: number) {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${i}`, { ...eventInput(i), eventId: 'the-same' }]));
}

/** Opens a connection that sends a POST's headers and `bytes` of its body, and no more. */
async function holdBody(url: string, bytes: number) {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 1024\r\n\r\n${' '.repeat(bytes)}`,
  );
  // Until the server has read them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return socket;
}

async function laneRequests(stack: Stack): Promise<number> {
  const metrics = await (await request(stack.server.url.replace('/graphql', '/metrics'))).body.text();
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('graphql_yoga_http_duration_count{') && line.includes('operationType="mutation"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
