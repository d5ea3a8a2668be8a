import { type DocumentNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { DocumentCache } from '../../../src/http/document-cache.js';
import { laneJudge } from '../../../src/http/lane-judge.js';
import { limitsShapeOf, type RequestLimits, requestLimitsJudge } from '../../../src/http/use-request-limits.js';
import { analyze } from '../../../src/planner/analyze.js';
import { schema } from '../../../src/schema/index.js';
import { eventInput, upsertOperation } from '../../support/stack.js';

/** The lane's judge, made once per operation, against the request limits' judge of the whole request. */
function judges(text: string, limits: RequestLimits) {
  const document = parse(text);
  const whole = requestLimitsJudge(schema, limits, new DocumentCache<DocumentNode>({ maxBytes: 0, maxEntryBytes: 0, bytesOf: () => 1 }), {
    documentById: () => document,
  });
  const lane = laneJudge(analyze(schema, document, null)!, limits, limitsShapeOf(schema, limits));
  return { lane, whole: (variables: Record<string, unknown> | undefined) => whole([{ variables }]) };
}

const LIMITS = loadConfig({}).limits;
const periods = `mutation($a: UpsertAvailablePeriodInput!, $b: UpsertAvailablePeriodInput!, $all: DeleteAllAvailablePeriodsInput!) {
  a: upsertAvailablePeriod(input: $a) { __typename } all: deleteAllAvailablePeriods(input: $all) { __typename } b: upsertAvailablePeriod(input: $b) { __typename }
}`;

describe('laneJudge: the request limits judged as requestLimitsJudge judges them, the fixed part once', () => {
  it('refuses and accepts what the whole judge does, in the same words', () => {
    const { query } = upsertOperation(50);
    const cases: Array<[string, RequestLimits, Record<string, unknown> | undefined]> = [
      [query, LIMITS, upsertOperation(50).variables],
      // 50 writes to one event: 50 calls, one after another.
      [query, LIMITS, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${i}`, { ...eventInput(i), eventId: 'same' }]))],
      // 60 writes in 2 calls where one is allowed.
      [upsertOperation(60).query, { ...LIMITS, callsPerRequest: 1 }, upsertOperation(60).variables],
      [
        query,
        { ...LIMITS, callsPerRequest: 2 },
        Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${i}`, { ...eventInput(i % 3), eventId: `e${i % 3}` }])),
      ],
      // Variables wider than any input.
      [query, LIMITS, { ...upsertOperation(50).variables, e0: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) }],
      // Arguments that do not coerce write nothing.
      [query, { ...LIMITS, callsPerRequest: 1 }, { e0: eventInput(0) }],
      [query, LIMITS, undefined],
      // A bulk delete overlaps every available period: three calls.
      [
        periods,
        { ...LIMITS, callsPerRequest: 2 },
        { a: { availablePeriodId: 'x' }, b: { availablePeriodId: 'y' }, all: { deleteAll: true } },
      ],
      [
        periods,
        { ...LIMITS, callsPerRequest: 3 },
        { a: { availablePeriodId: 'x' }, b: { availablePeriodId: 'y' }, all: { deleteAll: true } },
      ],
    ];
    const refusals = cases.map(([text, limits, variables]) => {
      const { lane, whole } = judges(text, limits);
      expect(lane).toBeDefined();
      expect(lane!(variables)).toEqual(whole(variables));
      return lane!(variables)?.message;
    });
    expect(refusals.map((message) => message?.split(' ').slice(0, 4).join(' '))).toEqual([
      undefined,
      "This request's 50 writes",
      "This request's 60 writes",
      "This request's 50 writes",
      'An object in the',
      undefined,
      undefined,
      "This request's 3 writes",
      undefined,
    ]);
  });

  it('leaves to the whole judge an operation whose fixed part it would refuse: too many fields, too wide an answer', () => {
    const { query } = upsertOperation(50);
    expect(judges(query, { ...LIMITS, mutationFields: 49 }).lane).toBeUndefined();
    expect(judges(query, { ...LIMITS, answerFields: 100 }).lane).toBeUndefined();
    expect(judges('mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }', LIMITS).lane).toBeUndefined();
  });
});
