import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import type { Credential } from '../cronofy/credentials.js';
import { useMutationPlanner } from '../planner/use-mutation-planner.js';
import { type Context, schema } from '../schema/index.js';
import { callerOf, dataCenterOf } from './caller.js';
import { graphiqlOptions } from './graphiql-options.js';
import { useBodyLimit } from './use-body-limit.js';
import { useCors } from './use-cors.js';
import { useCSRFPrevention } from './use-csrf-prevention.js';
import { useGraphQLJSExecutor } from './use-graphql-js-executor.js';
import { useMutationLimits } from './use-mutation-limits.js';
import { useOfflineGraphiQL } from './use-offline-graphiql.js';
import { useOperationLimits } from './use-operation-limits.js';
import { useSchemaPrivacy } from './use-schema-privacy.js';

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
    batching: { limit: config.limits.operationsPerRequest },
    landingPage: false,
    // Yoga's default answers any origin; useCors answers only those of CORS_ORIGINS.
    cors: false,
    // useBodyLimit bounds bodies, answering LIMIT_EXCEEDED; Yoga's own limit would pipe every body
    // through a TransformStream again (4% of the CPU of a one-mutation request).
    maxRequestBodySize: false,
    // Yoga's own page loads its assets from a CDN; useOfflineGraphiQL serves one from our dependencies.
    graphiql: false,
    // Unexpected errors read "Unexpected error." even with NODE_ENV=development; the log has the detail.
    maskedErrors: { isDev: false },
    context: ({ request }) => {
      const requested = dataCenterOf(request.headers, config);
      const caller = callerOf(request.headers, requested, { home: config.dataCenter, fallback: fallbackCredential });
      // Where this request's writes go; a refused header stays a problem for Query.dataCenter to report.
      const dataCenter = 'credential' in caller ? caller.dataCenter : caller.code === 'BAD_DATA_CENTER' ? caller : requested;
      return { caller, batcher, dataCenter };
    },
    logging,
    plugins: [
      // First, so a preflight is answered before any other plugin looks at the request.
      useCors(config.corsOrigins),
      ...plugins,
      ...(config.graphiql ? [useOfflineGraphiQL(graphiqlOptions(config))] : []),
      useBodyLimit(config.limits.bodyBytes),
      useCSRFPrevention(),
      useSchemaPrivacy(config),
      useOperationLimits(config.limits),
      // Before the planner, so an operation over the limits never starts a write.
      useMutationLimits(config.limits),
      useGraphQLJSExecutor(),
      // After the executor is chosen: the planner runs its steps through it.
      useMutationPlanner(),
    ],
  });
}
