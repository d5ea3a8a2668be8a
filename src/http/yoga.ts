import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import { useMutationPlanner } from '../planner/use-mutation-planner.js';
import { type Context, schema } from '../schema/index.js';
import { callerOf, dataCenterOf } from './caller.js';
import { EXAMPLE_OPERATION } from './example-operation.js';

export type Yoga = YogaServerInstance<Record<string, never>, Context>;

/** The GraphQL endpoint: schema, per-request caller, and the planner that lets mutations coalesce. */
export function createGraphQLHandler(config: Config, batcher: Batcher): Yoga {
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Several operations in one HTTP request run together, so their writes share calls too.
    batching: true,
    landingPage: false,
    graphiql: { title: 'Cronofy batch GraphQL', defaultQuery: EXAMPLE_OPERATION },
    context: ({ request }) => ({
      caller: callerOf(request.headers, config),
      batcher,
      dataCenter: dataCenterOf(request.headers, config),
    }),
    plugins: [useMutationPlanner()],
  });
}
