import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError, Kind, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { servedRules } from '../../../src/http/operation-rules.js';
import { loadTrustedDocuments } from '../../../src/http/trusted-documents.js';
import { admit, isLaneParams, prepare, regularMediaTypeOf } from '../../../src/http/trusted-lane.js';
import { loadConfig } from '../../../src/config.js';
import { schema } from '../../../src/schema/index.js';

/** What the trusted lane takes and what it leaves to Yoga, decision by decision. */

const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': '100' };
const request = (overrides: { method?: string; url?: string; headers?: Record<string, string | undefined> } = {}) => ({
  method: overrides.method ?? 'POST',
  url: overrides.url ?? '/graphql',
  headers: { ...JSON_HEADERS, ...overrides.headers },
});

describe('admit: the lane decides on the request line and headers alone', () => {
  it('takes a JSON POST to the endpoint with a declared length within the body limit', () => {
    expect(admit(request(), '/graphql', 1000)).toEqual({ mediaType: 'application/json', declared: 100 });
    expect(admit(request({ headers: { 'content-type': 'application/json; charset=utf-8' } }), '/graphql', 1000)).toBeDefined();
    expect(admit(request({ headers: { 'content-type': 'application/json; charset=UTF-8' } }), '/graphql', 1000)).toBeDefined();
    expect(admit(request({ headers: { 'content-length': '1000' } }), '/graphql', 1000)?.declared).toBe(1000);
  });

  it.each([
    ['a GET', request({ method: 'GET' })],
    ['another path', request({ url: '/graphql/' })],
    ['a query string', request({ url: '/graphql?documentId=x' })],
    ['no content-type', request({ headers: { 'content-type': undefined } })],
    ['a form', request({ headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
    ['text/plain', request({ headers: { 'content-type': 'text/plain' } })],
    ['another charset', request({ headers: { 'content-type': 'application/json; charset=latin1' } })],
    // Yoga answers these 415: its match of the type is case-sensitive.
    ['the type in capitals', request({ headers: { 'content-type': 'Application/JSON' } })],
    ['the type in capitals, with a charset', request({ headers: { 'content-type': 'APPLICATION/JSON; CHARSET=UTF-8' } })],
    ['no content-length (chunked)', request({ headers: { 'content-length': undefined, 'transfer-encoding': 'chunked' } })],
    ['an empty body', request({ headers: { 'content-length': '0' } })],
    ['a body over the limit', request({ headers: { 'content-length': '1001' } })],
    ['a malformed length', request({ headers: { 'content-length': '1e2' } })],
    ['a compressed body', request({ headers: { 'content-encoding': 'gzip' } })],
    ['an event-stream Accept', request({ headers: { accept: 'text/event-stream' } })],
    ['a multipart Accept', request({ headers: { accept: 'multipart/mixed' } })],
    ['an Accept with a quality', request({ headers: { accept: 'application/json;q=0.9' } })],
  ])('hands Yoga %s', (_, req) => {
    expect(admit(req, '/graphql', 1000)).toBeUndefined();
  });
});

describe("regularMediaTypeOf: the answer's media type, as Yoga negotiates it", () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/json'],
    ['application/graphql-response+json, */*', 'application/graphql-response+json'],
  ])('%s → %s', (accept, mediaType) => {
    expect(regularMediaTypeOf(accept)).toBe(mediaType);
  });

  it('leaves any other type or parameter to Yoga', () => {
    for (const accept of ['text/html', 'text/event-stream, application/json', 'application/json; charset=latin1', 'application/json;q=1']) {
      expect(regularMediaTypeOf(accept), accept).toBeUndefined();
    }
  });
});

describe('isLaneParams: one operation by id, in the forms clients send', () => {
  const hash = 'a'.repeat(64);
  it.each([
    [{ documentId: `sha256:${hash}` }],
    [{ documentId: `sha256:${hash}`, variables: { a: 1 }, operationName: 'Plan' }],
    [{ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: {}, operationName: 'Plan' }],
  ])('takes %j', (params) => {
    expect(isLaneParams(params)).toBe(true);
  });

  it.each([
    [[{ documentId: hash }]],
    [{ query: 'mutation { __typename }' }],
    [{ documentId: hash, query: 'mutation { __typename }' }],
    [{ documentId: 1 }],
    [{ documentId: hash, variables: null }],
    [{ documentId: hash, variables: [1] }],
    [{ documentId: hash, operationName: null }],
    [{ documentId: hash, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }],
    [{ documentId: hash, extra: true }],
    [{ extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }],
    [{ extensions: { persistedQuery: { version: 1, sha256Hash: hash, extra: 1 } } }],
    [{ extensions: { persistedQuery: { version: 1, sha256Hash: hash }, tracing: true } }],
    [{ variables: {} }],
    [null],
    ['documentId'],
  ])('leaves %j to Yoga', (params) => {
    expect(isLaneParams(params)).toBe(false);
  });
});

describe('prepare: the trusted operations the lane runs, chosen when the manifest loads', () => {
  const documents = {
    twoWrites:
      'mutation Two($a: UpsertEventInput!, $b: UpsertEventInput!) { a: upsertEvent(input: $a) { __typename } b: upsertEvent(input: $b) { __typename } }',
    oneWrite: 'mutation ($id: String!) { deleteEvent(input: { calendarId: "cal_1", eventId: $id }) { __typename } }',
    conditional:
      'mutation Maybe($a: UpsertEventInput!, $skip: Boolean!) { a: upsertEvent(input: $a) @skip(if: $skip) { __typename } b: upsertEvent(input: $a) { __typename } }',
    batch: 'mutation Many($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }',
    query: 'query Limit { batchLimit }',
    typename: 'mutation Only { __typename }',
    pair: `mutation A($id: String!) { deleteEvent(input: { calendarId: "cal_1", eventId: $id }) { __typename } }
mutation B($id: String!) { deleteEvent(input: { calendarId: "cal_1", eventId: $id }) { __typename } }`,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'lane-')), 'manifest.json');
  const ids = Object.fromEntries(
    Object.entries(documents).map(([name, text]) => [name, `sha256:${createHash('sha256').update(text).digest('hex')}`]),
  ) as Record<keyof typeof documents, string>;
  writeFileSync(
    path,
    JSON.stringify(Object.fromEntries(Object.entries(documents).map(([name, text]) => [ids[name as keyof typeof documents], text]))),
  );
  const config = loadConfig({});
  const trusted = loadTrustedDocuments([path], schema, { rules: servedRules(config), maxTokens: config.limits.tokens })!;
  const operations = prepare(trusted, config.limits);
  const names = (name: keyof typeof documents) => [...(operations.get(trusted.get(ids[name])!.document)?.keys() ?? [])];

  it('takes mutations of batchable writes, under their name and unnamed when alone in the document, each prepared once', () => {
    expect(names('twoWrites')).toEqual(['Two', null]);
    expect(names('oneWrite')).toEqual([null]);
    expect(names('pair')).toEqual(['A', 'B']);
    const two = operations.get(trusted.get(ids.twoWrites)!.document)!;
    expect(two.get(null)).toBe(two.get('Two'));
  });

  it('keeps no lexer token of a trusted document, and its errors still say where they are', () => {
    const document = trusted.get(ids.twoWrites)!.document;
    let located = 0;
    visit(document, {
      enter(node) {
        expect(node.loc?.startToken ?? null).toBeNull();
        expect(node.loc?.endToken ?? null).toBeNull();
        if (node.kind === Kind.FIELD && node.name.value === 'upsertEvent') {
          expect(new GraphQLError('here', { nodes: [node] }).locations).toEqual([
            { line: 1, column: documents.twoWrites.indexOf(`${node.alias!.value}: upsertEvent`) + 1 },
          ]);
          located++;
        }
      },
    });
    expect(located).toBe(2);
  });

  it('leaves to Yoga what variables decide (@skip/@include, a batch list), queries, and fields that write nothing', () => {
    expect(names('conditional')).toEqual([]);
    expect(names('batch')).toEqual([]);
    expect(names('query')).toEqual([]);
    expect(names('typename')).toEqual([]);
  });
});
