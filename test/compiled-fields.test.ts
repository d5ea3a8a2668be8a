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
    const del = (id: string) => `deleteEvent(input: { calendarId: "cal_1", eventId: "${id}" }) { __typename }`;
    expect(compile(`mutation { a: ${del('1')} b: ${del('2')} c: ${del('3')} }`)).toBeNull();
    expect(compile(`mutation { a: ${del('1')} b: ${del('1')} c: ${del('2')} d: ${del('2')} }`)).not.toBeNull();
  });

  it('keeps at most 500 shapes: a step whose shape was dropped runs nothing and says so', () => {
    const source = `mutation($a: DeleteEventInput!, $b: DeleteEventInput!) { a: deleteEvent(input: $a) { __typename } b: deleteEvent(input: $b) { __typename } }`;
    const compiled = compile(source)!;
    const del = (id: string) => `deleteEvent(input: { calendarId: "cal_1", eventId: "${id}" }) { __typename }`;
    for (let i = 0; i < 500; i++) expect(compile(`mutation { a: ${del(`x${i}`)} b: ${del(`x${i}`)} }`)).not.toBeNull();
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
 * three times and expects the same answer.
 */
describe('compiled fields answer exactly as graphql-js does', () => {
  const stack = useStack();

  const thrice = async (send: () => Promise<{ status: number; body: unknown }>) => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await send());
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    return answers[0]!;
  };

  const mixed = (tag: string) => `mutation Mixed($ok: UpsertEventInput!, $tooLong: UpsertEventInput!, $elsewhere: UpsertEventInput!,
      $period: UpsertAvailablePeriodInput = { availablePeriodId: "p1", start: "2026-12-08T09:00:00Z", end: "2026-12-08T17:00:00Z" }) {
    kind: __typename
    ok: upsertEvent(input: $ok) { ...Answer }
    again: upsertEvent(input: $ok) { __typename ... on UpsertEventSuccess { event { calendarId eventId } } }
    tooLong: upsertEvent(input: $tooLong) { ...Answer }
    elsewhere: upsertEvent(input: $elsewhere) { ...Answer }
    literal: deleteEvent(input: { calendarId: "cal_1", eventId: "event-1" }) { ... on DeleteEventSuccess { eventId } }
    period: upsertAvailablePeriod(input: $period) { __typename }
  }
  ${ANSWER_FRAGMENTS}
  # ${tag}`;
  const variables = { ok: eventInput(1), tooLong: { ...eventInput(2), summary: 's'.repeat(1025) }, elsewhere: eventInput(3, 'cal_9') };

  it('answers every kind of outcome, defaults, literals, fragments and a shared variable alike, in the same calls', async () => {
    const { body } = await thrice(() => stack.graphql(mixed('outcomes'), variables));
    const data = (body as { data: Record<string, any> }).data;
    expect(data.kind).toBe('Mutation');
    expect([data.ok, data.tooLong, data.elsewhere].map((answer) => answer.__typename)).toEqual([
      'UpsertEventSuccess',
      'ValidationError',
      'CronofyRequestError',
    ]);
    expect(data.again).toEqual({ __typename: 'UpsertEventSuccess', event: { calendarId: 'cal_1', eventId: 'event-1' } });
    // The refused input is never sent; the three writes to event-1 go in order, the later two in calls of their own.
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([3, 1, 1, 3, 1, 1, 3, 1, 1]);
  });

  it('puts a failed call at each field of it, with the caller’s paths, locations and error codes', async () => {
    const { body } = await thrice(() => {
      // One for each of the request's three calls.
      stack.simulator.injectFaults(...Array.from({ length: 3 }, () => ({ kind: 'status', status: 403 }) as const));
      return stack.graphql(mixed('failed call'), variables);
    });
    const errors = (body as { errors: Array<{ path: string[]; locations: unknown[]; extensions: { code: string } }> }).errors;
    expect(errors.map((error) => [error.path.join('.'), error.extensions.code])).toEqual([
      ['ok', 'FORBIDDEN'],
      ['again', 'FORBIDDEN'],
      ['elsewhere', 'FORBIDDEN'],
      ['literal', 'FORBIDDEN'],
      ['period', 'FORBIDDEN'],
    ]);
    expect(errors[0]!.locations).toEqual([{ line: 4, column: 5 }]);
  });

  it('refuses a caller without a token at every field alike', async () => {
    const { body } = await thrice(() => stack.graphql(mixed('no token'), variables, { token: null }));
    expect((body as { errors: unknown[] }).errors).toHaveLength(6);
    expect(stack.simulator.calls).toHaveLength(0);
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
});
