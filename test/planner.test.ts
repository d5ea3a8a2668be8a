import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planMutation } from '../src/planner/plan.js';
import { schema } from '../src/schema/index.js';
import { eventInput, useStack } from './support/stack.js';

const plan = (source: string, variables: Record<string, unknown> = {}, operationName?: string) => {
  const result = planMutation(schema, parse(source), operationName, variables);
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

  it('gives each field only the variables it uses, through fragments too', () => {
    const result = planMutation(
      schema,
      parse(`mutation($a: DeleteEventInput!, $b: DeleteEventInput!, $s: Boolean = false) {
        a: deleteEvent(input: $a) { __typename }
        b: deleteEvent(input: $b) { ...F }
      }
      fragment F on DeleteEventResult { __typename @skip(if: $s) }`),
      undefined,
      { a: { calendarId: 'c', eventId: '1' }, b: { calendarId: 'c', eventId: '2' } },
    );
    expect(result!.steps[0]!.fields.map((f) => f.variableDefinitions.map((d) => d.variable.name.value))).toEqual([['a'], ['b', 's']]);
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
