import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import type { Credential } from '../cronofy/credentials.js';
import { useMutationPlanner } from '../planner/use-mutation-planner.js';
import { type Context, schema } from '../schema/index.js';
import { callerOf } from './caller.js';
import { EXAMPLE_OPERATION } from './example-operation.js';

export type Yoga = YogaServerInstance<Record<string, never>, Context>;

/** The GraphQL endpoint: schema, per-request caller, and the planner that lets mutations coalesce. */
export interface Services {
  batcher: Batcher;
  /** Writes for requests without Authorization (server-held credentials or the demo token). */
  fallbackCredential: Credential | undefined;
  /** Where Yoga's own messages go, and plugins such as `/metrics` (see `observability/`). */
  logging?: YogaLogger;
  plugins?: Plugin[];
}

export function createGraphQLHandler(config: Config, { batcher, fallbackCredential, logging, plugins = [] }: Services): Yoga {
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Several operations in one HTTP request run together, so their writes share calls too.
    batching: true,
    landingPage: false,
    graphiql: { title: 'Cronofy batch GraphQL', defaultQuery: EXAMPLE_OPERATION },
    context: ({ request }) => ({
      caller: callerOf(request.headers, { dataCenter: config.dataCenter, fallback: fallbackCredential }),
      batcher,
      dataCenter: config.dataCenter,
    }),
    logging,
    plugins: [...plugins, useMutationPlanner()],
  });
}
