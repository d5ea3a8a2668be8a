import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planMutation } from '../src/planner/plan.js';
import { BATCHABLE } from '../src/schema/batchable.js';
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
      splitSchema,
      parse(`mutation($a: String, $b: String, $c: String, $unused: String) {
        one: write(x: $a) two: write(x: "2") ...F
        serial(x: $c)
        three: write(x: $c) four: write
      }
      fragment F on Mutation { five: write(x: $b) }`),
      undefined,
      {},
    );
    expect(result!.steps.map((s) => s.variableDefinitions.map((d) => d.variable.name.value))).toEqual([['a', 'b'], ['c'], ['c']]);
  });

  it('gives a step that is the whole operation every variable, so that one bad variable refuses it all', () => {
    const result = planMutation(
      schema,
      parse(`mutation($a: DeleteEventInput!, $unused: Int) { a: deleteEvent(input: $a) { __typename } ${del('2')} }`),
      undefined,
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
