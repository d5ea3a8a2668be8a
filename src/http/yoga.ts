import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import { useMutationPlanner } from '../planner/use-mutation-planner.js';
import { type Context, schema } from '../schema/index.js';
import { callerOf } from './caller.js';
import { graphiqlOptions } from './graphiql-options.js';
import { useOfflineGraphiQL } from './use-offline-graphiql.js';

export type Yoga = YogaServerInstance<Record<string, never>, Context>;

/** The GraphQL endpoint: schema, per-request caller, and the planner that lets mutations coalesce. */
export function createGraphQLHandler(config: Config, batcher: Batcher): Yoga {
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Several operations in one HTTP request run together, so their writes share calls too.
    batching: true,
    landingPage: false,
    // Yoga's own page loads its assets from a CDN; this one is served from our dependencies.
    graphiql: false,
    context: ({ request }) => ({
      caller: callerOf(request.headers, config),
      batcher,
      dataCenter: config.dataCenter,
    }),
    plugins: [useOfflineGraphiQL(graphiqlOptions(config)), useMutationPlanner()],
  });
}
