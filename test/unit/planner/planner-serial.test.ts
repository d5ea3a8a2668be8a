import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { BATCHABLE } from '../../../src/schema/batchable.js';
import { analysisCache } from '../../../src/planner/analyze.js';
import { useMutationPlanner } from '../../../src/planner/use-mutation-planner.js';

/** A schema with a root field that is not batchable, to check it keeps serial semantics. */
function recordingSchema(events: string[]) {
  const field = (name: string, batchable: boolean) => ({
    type: GraphQLString,
    extensions: batchable ? { [BATCHABLE]: true } : {},
    resolve: async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${name}`);
      return name;
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: { a: field('a', true), b: field('b', true), serial: field('serial', false), c: field('c', true), d: field('d', true) },
    }),
  });
}

describe('a root field that is not batchable', () => {
  it('runs after the fields before it have finished and before the fields after it start', async () => {
    const events: string[] = [];
    const yoga = createYoga({ schema: recordingSchema(events), plugins: [useMutationPlanner()] });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { b a serial d c }' }),
    });
    const body = await response.json();

    expect(body).toEqual({ data: { b: 'b', a: 'a', serial: 'serial', d: 'd', c: 'c' } });
    expect(events).toEqual(['start b', 'start a', 'end b', 'end a', 'start serial', 'end serial', 'start d', 'start c', 'end d', 'end c']);
  });
});

describe('fields that run together and fail', () => {
  it('report their errors in document order, whichever failed first', async () => {
    const failing = (afterMs: number) => ({
      type: GraphQLString,
      extensions: { [BATCHABLE]: true },
      resolve: async () => {
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        throw new Error(`failed after ${afterMs} ms`);
      },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      mutation: new GraphQLObjectType({ name: 'Mutation', fields: { slow: failing(20), fast: failing(0) } }),
    });
    const yoga = createYoga({ schema, plugins: [useMutationPlanner()], maskedErrors: false });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { slow fast }' }),
    });
    const body = await response.json();

    expect(body.data).toEqual({ slow: null, fast: null });
    expect(body.errors.map((e: { path: string[] }) => e.path[0])).toEqual(['slow', 'fast']);
  });
});

describe('the analysis cache handed to the planner', () => {
  it('analyses a document once, however often it is sent and with whatever variables', async () => {
    const events: string[] = [];
    const analyses = analysisCache();
    let stored = 0;
    const counting = { get: analyses.get, set: (...args: Parameters<typeof analyses.set>) => (stored++, analyses.set(...args)) };
    const yoga = createYoga({ schema: recordingSchema(events), plugins: [useMutationPlanner({ analyses: counting })] });
    const send = async (skip: boolean) => {
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($skip: Boolean!) { a b @skip(if: $skip) c }', variables: { skip } }),
      });
      return response.json();
    };

    expect(await send(false)).toEqual({ data: { a: 'a', b: 'b', c: 'c' } });
    expect(await send(true)).toEqual({ data: { a: 'a', c: 'c' } });
    expect(await send(false)).toEqual({ data: { a: 'a', b: 'b', c: 'c' } });
    expect(stored).toBe(1);
  });
});
