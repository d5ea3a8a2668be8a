import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { print } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PlanTheWeekDocument,
  type PlanTheWeekMutationVariables,
  SendBatchDocument,
  ServiceDocument,
  UpsertEventDocument,
} from '../../examples/generated/graphql.js';
import introspection from '../../examples/generated/possible-types.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { servedRules } from '../../src/http/operation-rules.js';
import { loadTrustedDocuments } from '../../src/http/trusted-documents.js';
import { schema } from '../../src/schema/index.js';
import { startServer } from '../../src/server.js';
import { startRecordingProxy } from '../support/recording-proxy.js';
import { startServerProcess } from '../support/server-process.js';
import { ALICE, eventInput, useStack } from '../support/stack.js';

const MANIFEST = 'examples/generated/persisted-documents.json';

/** A recording proxy in front of `stack`, emptied before each test: what clients put on the wire. */
function useRecordingProxy(stack: { server: { url: string } }) {
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
  beforeAll(async () => {
    proxy = await startRecordingProxy(stack.server.url);
  });
  afterAll(() => proxy?.close());
  beforeEach(() => {
    proxy!.received.length = 0;
  });
  return {
    get url() {
      return proxy!.url;
    },
    get received() {
      return proxy!.received;
    },
  };
}

/** The id codegen gave a generated document, as the manifest lists it. */
const idOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

const week: PlanTheWeekMutationVariables = {
  standup: {
    calendarId: 'cal_1',
    eventId: 'standup-monday',
    summary: 'Stand-up',
    start: '2026-12-07T09:00:00Z',
    end: '2026-12-07T09:15:00Z',
  },
  review: { calendarId: 'cal_2', eventId: 'review-friday', summary: 'Review', start: '2026-12-11T15:00:00Z', end: '2026-12-11T16:00:00Z' },
  focus: { availablePeriodId: 'focus-tuesday', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
};

const HEADERS = { authorization: `Bearer ${ALICE}`, 'x-graphql-yoga-csrf': '1' };

/** Apollo Client as an app sets up its persisted-query link with codegen's ids (queries over GET). */
function apolloClient(uri: string) {
  return new ApolloClient({
    link: ApolloLink.from([
      new PersistedQueryLink({
        generateHash: (document) => (document as { __meta__?: { hash: string } }).__meta__?.hash ?? sha256(print(document)),
        useGETForHashedQueries: true,
      }),
      new HttpLink({ uri, headers: HEADERS }),
    ]),
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
}

/** urql with its persisted exchange, ids from codegen, for queries and mutations alike. */
function urqlClient(url: string) {
  return new Client({
    url,
    exchanges: [
      persistedExchange({
        enforcePersistedQueries: true,
        enableForMutation: true,
        generateHash: async (_query, document) => idOf(document),
      }),
      fetchExchange,
    ],
    fetchOptions: { headers: HEADERS },
  });
}

/** What a request carried as the document's text: a `query` member of its JSON body, or a `query` parameter. */
function textsSent(received: Array<{ url: string; body: string }>): unknown[] {
  return received.flatMap(({ url, body }) => {
    const fromUrl = new URL(url, 'http://x').searchParams.get('query');
    const bodies = body === '' ? [] : [JSON.parse(body)].flat();
    return [...(fromUrl === null ? [] : [fromUrl]), ...bodies.filter((item) => 'query' in item).map((item) => item.query)];
  });
}

const persistedIdsSent = (received: Array<{ url: string; body: string }>) =>
  received.flatMap(({ url, body }) => {
    const extensions = new URL(url, 'http://x').searchParams.get('extensions');
    const all = [...(extensions ? [{ extensions: JSON.parse(extensions) }] : []), ...(body === '' ? [] : [JSON.parse(body)].flat())];
    return all.map((item) => item.extensions?.persistedQuery?.sha256Hash);
  });

describe('TRUSTED_DOCUMENTS_ONLY=true: documents run by id, and only by id', () => {
  const stack = useStack({ env: { TRUSTED_DOCUMENTS: MANIFEST, TRUSTED_DOCUMENTS_ONLY: 'true', MAX_CALLS_PER_REQUEST: '2' } });
  const proxy = useRecordingProxy(stack);

  it("Apollo Client's persisted-query link: a mutation and a GET query sent as ids, no text on the wire, the week in one Cronofy call", async () => {
    const client = apolloClient(proxy.url);

    const planned = await client.mutate({ mutation: PlanTheWeekDocument, variables: week });
    const service = await client.query({ query: ServiceDocument });

    expect(planned.data).toMatchObject({
      standup: { __typename: 'UpsertEventSuccess', eventId: 'standup-monday', status: 202 },
      review: { __typename: 'UpsertEventSuccess', eventId: 'review-friday', status: 202 },
      focus: { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'focus-tuesday', status: 202 },
    });
    expect(service.data).toMatchObject({ batchLimit: 50, dataCenter: { id: 'us', host: 'api.cronofy.com' } });
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([3]);
    expect(proxy.received.map((received) => received.method)).toEqual(['POST', 'GET']);
    expect(textsSent(proxy.received)).toEqual([]);
    expect(persistedIdsSent(proxy.received)).toEqual([idOf(PlanTheWeekDocument), idOf(ServiceDocument)]);
  });

  it("urql's persisted exchange: 60 writes built at run time sent by id, in calls of 50 and 10, and a GET query by id", async () => {
    const client = urqlClient(proxy.url);
    const requests = Array.from({ length: 60 }, (_, i) => ({ upsertEvent: eventInput(i) }));

    const sent = await client.mutation(SendBatchDocument, { requests }).toPromise();
    const service = await client.query(ServiceDocument, {}).toPromise();

    expect(sent.error).toBeUndefined();
    expect(sent.data?.batch).toHaveLength(60);
    expect(sent.data?.batch?.every((answer) => answer?.__typename === 'UpsertEventSuccess')).toBe(true);
    expect(service.data).toEqual({ batchLimit: 50, dataCenter: { id: 'us', host: 'api.cronofy.com' } });
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([50, 10]);
    expect(proxy.received.map((received) => received.method)).toEqual(['POST', 'GET']);
    expect(textsSent(proxy.received)).toEqual([]);
    expect(persistedIdsSent(proxy.received)).toEqual([idOf(SendBatchDocument), idOf(ServiceDocument)]);
  });

  it("GraphQL over HTTP's documentId, in a JSON body and in a GET's query string; with or without the sha256: prefix", async () => {
    const id = idOf(ServiceDocument);
    const bare = id.replace(/^sha256:/, '');
    const expected = { data: { batchLimit: 50, dataCenter: { host: 'api.cronofy.com', id: 'us' } } };

    const posted = await stack.post({ documentId: id }, HEADERS);
    const got = await request(`${stack.server.url}?documentId=${encodeURIComponent(id)}`, { headers: HEADERS });
    const apolloStyle = await stack.post({ extensions: { persistedQuery: { version: 1, sha256Hash: bare } } }, HEADERS);

    expect(posted).toEqual({ status: 200, body: expected });
    expect({ status: got.statusCode, body: await got.body.json() }).toEqual({ status: 200, body: expected });
    expect(apolloStyle).toEqual({ status: 200, body: expected });
  });

  it('an HTTP batch of ids runs together: two upserts by id share one Cronofy call', async () => {
    const [first, second] = [1, 2].map((n) => ({ documentId: idOf(UpsertEventDocument), variables: { input: eventInput(n) } }));

    const answer = await stack.post([first, second], HEADERS);

    expect(answer.status).toBe(200);
    expect(answer.body.map((result: any) => result.data.upsertEvent.eventId)).toEqual(['event-1', 'event-2']);
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([2]);
  });

  it('an unknown id: PERSISTED_QUERY_NOT_IN_LIST, saying which id and what to deploy; Apollo does not resend it as text', async () => {
    const answer = await stack.post({ documentId: sha256('query Stale { batchLimit }') }, HEADERS);
    const notInManifest = gql`
      mutation NotInTheManifest($input: UpsertEventInput!) {
        upsertEvent(input: $input) {
          __typename
        }
      }
    `;
    const refused = await apolloClient(proxy.url)
      .mutate({ mutation: notInManifest, variables: { input: eventInput(1) } })
      .catch((error: unknown) => error);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^No trusted document has the id "sha256:[0-9a-f]{64}"\. .*TRUSTED_DOCUMENTS/),
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
      }),
    ]);
    expect(proxy.received).toHaveLength(1);
    expect(textsSent(proxy.received)).toEqual([]);
    const errors = CombinedGraphQLErrors.is(refused) ? refused.errors : ServerError.is(refused) ? JSON.parse(refused.bodyText).errors : [];
    expect(errors[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('a document sent as text is refused before it is parsed (PERSISTED_QUERY_ID_REQUIRED), and nothing reaches Cronofy', async () => {
    const write = `mutation { upsertEvent(input: { calendarId: "cal_1", eventId: "e", summary: "s", start: "2026-12-07", end: "2026-12-08" }) { __typename } }`;
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;

    const answers = [
      await stack.post({ query: write }, HEADERS),
      // A syntax error would be GRAPHQL_PARSE_FAILED had it been parsed.
      await stack.post({ query: 'mutation {' }, HEADERS),
      // A trusted document's own text counts as text: ids only.
      await stack.post({ query: manifest[idOf(UpsertEventDocument)], variables: { input: eventInput(1) } }, HEADERS),
      // One text in an HTTP batch refuses the whole batch, the trusted operation beside it too.
      await stack.post([{ documentId: idOf(UpsertEventDocument), variables: { input: eventInput(2) } }, { query: write }], HEADERS),
    ];
    const got = await request(`${stack.server.url}?query=${encodeURIComponent('{ batchLimit }')}`, { headers: HEADERS });

    for (const answer of [...answers, { status: got.statusCode, body: await got.body.json() }]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            "This server runs trusted documents only: send the id of one (as its documentId, or as extensions.persistedQuery.sha256Hash with version 1); a document's text is refused.",
          ),
          extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
        }),
      ]);
      expect(answer.body.errors[0].message).toContain('TRUSTED_DOCUMENTS_ONLY=false');
    }
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('the request limits count a document sent by id: 101 writes where 2 calls are allowed are refused, unsent', async () => {
    const requests = Array.from({ length: 101 }, (_, i) => ({ upsertEvent: eventInput(i) }));

    const answer = await stack.post({ documentId: idOf(SendBatchDocument), variables: { requests } }, HEADERS);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "This request's 101 writes need at least 3 Cronofy batch calls of 50; one request may cause at most 2.",
        ),
        extensions: { code: 'LIMIT_EXCEEDED' },
      }),
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('a mutation by id over GET is refused as any mutation over GET is (405), unsent', async () => {
    const variables = JSON.stringify({ input: eventInput(1) });
    const got = await request(
      `${stack.server.url}?documentId=${encodeURIComponent(idOf(UpsertEventDocument))}&variables=${encodeURIComponent(variables)}`,
      {
        headers: HEADERS,
      },
    );

    expect(got.statusCode).toBe(405);
    await got.body.dump();
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('TRUSTED_DOCUMENTS alone (the default outside production): ids and texts both run', () => {
  const stack = useStack({ env: { TRUSTED_DOCUMENTS: MANIFEST } });
  const proxy = useRecordingProxy(stack);

  it('runs a text and an id', async () => {
    expect((await stack.graphql('{ batchLimit }')).body).toEqual({ data: { batchLimit: 50 } });
    expect((await stack.post({ documentId: idOf(ServiceDocument) }, HEADERS)).body).toEqual({
      data: { batchLimit: 50, dataCenter: { host: 'api.cronofy.com', id: 'us' } },
    });
  });

  it("answers an unknown id PERSISTED_QUERY_NOT_FOUND, on which Apollo's link sends the text, which runs", async () => {
    const notInManifest = gql`
      mutation NotInTheManifest($input: UpsertEventInput!) {
        upsertEvent(input: $input) {
          __typename
        }
      }
    `;

    const result = await apolloClient(proxy.url).mutate({ mutation: notInManifest, variables: { input: eventInput(7) } });
    const answer = await stack.post({ documentId: 'sha256:0' }, HEADERS);

    expect(result.data).toEqual({ upsertEvent: { __typename: 'UpsertEventSuccess' } });
    expect(proxy.received).toHaveLength(2);
    expect(textsSent(proxy.received.slice(0, 1))).toEqual([]);
    expect(textsSent(proxy.received.slice(1))).toHaveLength(1);
    expect(stack.simulator.calls).toHaveLength(1);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('No trusted document has the id "sha256:0".'),
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      }),
    ]);
  });
});

/** A manifest of the given texts, under their sha256: ids, in a file of its own. */
function manifestOf(texts: string[], directory = mkdtempSync(join(tmpdir(), 'trusted-'))): string {
  const path = join(directory, 'manifest.json');
  writeFileSync(path, JSON.stringify(Object.fromEntries(texts.map((text) => [sha256(text), text]))));
  return path;
}

describe('NODE_ENV=production with a manifest', () => {
  const texts = {
    service: 'query Service { batchLimit }',
  };
  const stack = useStack({ env: { NODE_ENV: 'production', TRUSTED_DOCUMENTS: manifestOf(Object.values(texts)) } });

  it('runs only trusted documents, by default', async () => {
    const text = await stack.graphql('{ batchLimit }');
    const byId = await stack.post({ documentId: sha256(texts.service) }, HEADERS);

    expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(byId.body).toEqual({ data: { batchLimit: 50 } });
  });

  it('applies its own rules to trusted documents too: a manifest with introspection, the federation SDL or a document over a limit stops start-up', async () => {
    const refused = {
      introspection: 'query Schema { __schema { queryType { name } } }',
      sdl: 'query Sdl { _service { sdl } }',
      aliases: 'query Aliased { limit: batchLimit }',
    };
    for (const [name, text] of Object.entries(refused)) {
      const env = { NODE_ENV: 'production', TRUSTED_DOCUMENTS: manifestOf([texts.service, text]), MAX_ALIASES: '0' };
      await expect(
        startServer({ ...loadConfig({ CRONOFY_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', ...env }), port: 0 }),
        name,
      ).rejects.toThrow(/does not validate against this service's schema and limits/);
    }
  });
});

describe('TRUSTED_DOCUMENTS and TRUSTED_DOCUMENTS_ONLY settings', () => {
  const production = { NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us' };

  it('trusted-only is the default in production with a manifest, and TRUSTED_DOCUMENTS_ONLY=false opts out', () => {
    expect(loadConfig({ ...production, TRUSTED_DOCUMENTS: ' a.json, b.json ,a.json' }).trustedDocuments).toEqual({
      manifests: ['a.json', 'b.json'],
      only: true,
    });
    expect(loadConfig({ ...production, TRUSTED_DOCUMENTS: 'a.json', TRUSTED_DOCUMENTS_ONLY: 'false' }).trustedDocuments.only).toBe(false);
    expect(loadConfig(production).trustedDocuments).toEqual({ manifests: [], only: false });
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json' }).trustedDocuments.only).toBe(false);
  });

  it('refuses TRUSTED_DOCUMENTS_ONLY=true without a manifest, which would refuse every request', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(
      new ConfigError(
        'TRUSTED_DOCUMENTS_ONLY=true refuses every document not sent by the id of a trusted one, but TRUSTED_DOCUMENTS names no manifest: ' +
          'set TRUSTED_DOCUMENTS to the manifest `npm run codegen` writes (such as examples/generated/persisted-documents.json), or unset TRUSTED_DOCUMENTS_ONLY.',
      ),
    );
  });
});

describe('a manifest that does not load', () => {
  const directory = mkdtempSync(join(tmpdir(), 'trusted-'));
  const file = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };
  const load =
    (...paths: string[]) =>
    () =>
      loadTrustedDocuments(paths, schema);

  it.each([
    [
      'missing',
      () => join(directory, 'missing.json'),
      /^TRUSTED_DOCUMENTS: \S+missing\.json could not be read: there is no such file \(looked for \S+missing\.json\)\.$/,
    ],
    ['not JSON', () => file('bad.json', '{"sha256:1": "query'), /^TRUSTED_DOCUMENTS: \S+bad\.json is not valid JSON: .+\.$/],
    [
      'an array',
      () => file('array.json', '["query { batchLimit }"]'),
      /array\.json is not a manifest: it holds an array\. A manifest is a JSON object of id → document text/,
    ],
    ['empty', () => file('empty.json', '{}'), /empty\.json holds no documents\./],
    [
      'a number for a text',
      () => file('number.json', '{"a": 1}'),
      /number\.json gives the id "a" a number where a document's text belongs\./,
    ],
    [
      'a text that does not parse',
      () => file('syntax.json', '{"a": "query { batchLimit"}'),
      /syntax\.json holds a document that does not parse \(id "a"\): Syntax Error: Expected Name, found <EOF>\. \(line 1, column 19\)$/,
    ],
    [
      'a document the schema does not have',
      () => file('invalid.json', '{"a": "query Old { batchLimit calendars { id } }"}'),
      /invalid\.json holds a document that does not validate against this service's schema and limits \(id "a", operation Old\): Cannot query field "calendars" on type "Query"\. \(line 1, column 24\) Regenerate the manifest from the current schema \(npm run codegen\), or drop the document\.$/,
    ],
    [
      'a sha256: id that is not its text’s',
      () => file('edited.json', JSON.stringify({ [sha256('query A { batchLimit }')]: 'query B { batchLimit }' })),
      /edited\.json gives the id "sha256:[0-9a-f]{64}" to a text whose SHA-256 is another: the text was changed after the id was computed\./,
    ],
  ])('%s: start-up stops with a ConfigError naming the file and the reason', (_case, path, message) => {
    expect(load(path())).toThrow(ConfigError);
    expect(load(path())).toThrow(message);
  });

  it.each([
    [
      'deeper than MAX_DEPTH',
      { MAX_DEPTH: '2' },
      'mutation Deep($e: String!) { deleteEvent(input: { calendarId: "c", eventId: $e }) { ... on ValidationError { fieldErrors { field } } } }',
      /Query depth limit of 2 exceeded/,
    ],
    ['more aliases than MAX_ALIASES', { MAX_ALIASES: '1' }, 'query Two { a: batchLimit b: batchLimit }', /Aliases limit of 1 exceeded/],
    [
      'introspection, in production',
      { NODE_ENV: 'production' },
      'query Schema { __schema { queryType { name } } }',
      /GraphQL introspection has been disabled/,
    ],
    [
      '_service, in production',
      { NODE_ENV: 'production' },
      'query Sdl { _service { sdl } }',
      /The federation SDL \(_service\) is not served here/,
    ],
  ])('a document %s: start-up stops, as a request of it would be refused', (_case, env, text, reason) => {
    const config = loadConfig({ CRONOFY_API_URL: 'http://127.0.0.1:9', ...env });
    const served = { rules: servedRules(config), maxTokens: config.limits.tokens };
    const path = file('limits.json', JSON.stringify({ op: text }));

    expect(() => loadTrustedDocuments([path], schema, served)).toThrow(reason);
    expect(() => loadTrustedDocuments([path], schema, served)).toThrow(
      /limits\.json holds a document that does not validate against this service's schema and limits \(id "op"/,
    );
    expect(loadTrustedDocuments([path], schema)?.size).toBe(1);
  });

  it('a document over MAX_TOKENS: start-up stops', () => {
    const path = file('tokens.json', JSON.stringify({ op: 'query Many { a: batchLimit b: batchLimit c: batchLimit }' }));

    expect(() => loadTrustedDocuments([path], schema, { rules: [], maxTokens: 5 })).toThrow(
      /tokens\.json holds a document that does not parse \(id "op"\): Syntax Error: Document contains more that 5 tokens/,
    );
  });

  it('two manifests giving one id to different documents', () => {
    const first = file('first.json', '{"op": "query { batchLimit }"}');
    const second = file('second.json', '{"op": "query { dataCenter { id } }"}');

    expect(load(first, second)).toThrow(/second\.json gives the id "op" to another document than \S+first\.json does\./);
    expect(load(first, first)()?.size).toBe(1);
  });

  it('loads an Apollo persisted query manifest too', () => {
    const body = 'query Service { batchLimit }';
    const apollo = file(
      'apollo.json',
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: 'service-1', name: 'Service', type: 'query', body }],
      }),
    );

    expect(load(apollo)()?.get('service-1')?.source).toBe(body);
  });

  it('stops `npm start` with exit code 1, the file and the reason, before it listens', async () => {
    const broken = file('broken.json', '{"a": "query { calendars }"}');
    const env = { ...process.env, TRUSTED_DOCUMENTS: broken, CRONOFY_API_URL: 'http://127.0.0.1:9', PORT: '0' };
    const refused = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, timeout: 15_000 }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Configuration error: TRUSTED_DOCUMENTS: ${broken} holds a document that does not validate`);
    expect(refused.stdout).not.toContain('GraphQL at');
  });
});

describe('npm start in production with the generated manifest', () => {
  it('says how many documents it loaded, that only they run and how to opt out; runs one by id and refuses a text', async () => {
    const server = await startServerProcess(
      { NODE_ENV: 'production', CRONOFY_SIMULATOR: 'true', TRUSTED_DOCUMENTS: MANIFEST },
      { simulatorMode: true },
    );
    try {
      const post = async (body: unknown) => {
        const response = await request(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.statusCode, body: (await response.body.json()) as any };
      };

      const byId = await post({ documentId: idOf(ServiceDocument) });
      const text = await post({ query: '{ batchLimit }' });

      expect(server.output()).toContain(
        '5 trusted documents loaded; only they run (TRUSTED_DOCUMENTS_ONLY=false would accept any document).',
      );
      expect(byId).toEqual({ status: 200, body: { data: { batchLimit: 50, dataCenter: { host: 'api.cronofy.com', id: 'us' } } } });
      expect(text.status).toBe(400);
      expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    } finally {
      await server.stop();
    }
  });
});
