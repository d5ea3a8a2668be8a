import { type DocumentNode, Kind } from 'graphql';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import type { Credential } from '../cronofy/credentials.js';
import { type AnalysisCache, analysisCache, analyze } from '../planner/analyze.js';
import { useMutationPlanner } from '../planner/use-mutation-planner.js';
import { type Context, schema } from '../schema/index.js';
import type { BodyBudget } from './body-budget.js';
import { identify } from './caller.js';
import { DocumentCache } from './document-cache.js';
import { graphiqlOptions } from './graphiql-options.js';
import { servedRules } from './operation-rules.js';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';
import { useAnswerLimit } from './use-answer-limit.js';
import { useBodyLimit } from './use-body-limit.js';
import { useCors } from './use-cors.js';
import { useCSRFPrevention } from './use-csrf-prevention.js';
import { useEventLoopTurn } from './use-event-loop-turn.js';
import { useGraphQLJSExecutor } from './use-graphql-js-executor.js';
import { useHttpBatchLimits } from './use-http-batch-limits.js';
import { useOfflineGraphiQL } from './use-offline-graphiql.js';
import { useOperationLimits } from './use-operation-limits.js';
import { useRepeatedFieldLimit } from './use-repeated-field-limit.js';
import { useRequestLimits } from './use-request-limits.js';
import { useSchemaPrivacy } from './use-schema-privacy.js';
import { useTrustedDocuments } from './use-trusted-documents.js';

export type Yoga = YogaServerInstance<Record<string, never>, Context>;

/** The GraphQL endpoint: schema, per-request caller, and the planner that lets mutations coalesce. */
export interface Services {
  batcher: Batcher;
  /** Writes for requests without Authorization (server-held credentials or the demo token). */
  fallbackCredential: Credential | undefined;
  /** Where Yoga's own messages go, and plugins such as `/metrics` (see `observability/`). */
  logging?: YogaLogger;
  plugins?: Plugin[];
  /** The manifests of `config.trustedDocuments`, loaded; loaded here when not given. */
  trustedDocuments?: TrustedDocuments | undefined;
  /** Bytes of bodies in flight, shared with the trusted lane when there is one; else the handler's own. */
  bodyBudget?: BodyBudget | undefined;
}

/** Deeper and fuller than any request this service acts on (variables nest about a dozen levels). */
export const REQUEST_BODY_SHAPE = { depth: 64, members: 100_000 } as const;

/** How often one selection set may repeat a response key or spread fragments (`useRepeatedFieldLimit`). */
export const MAX_REPEATED_FIELDS = 50;

export function createGraphQLHandler(config: Config, services: Services): Yoga {
  const { batcher, fallbackCredential, logging, plugins = [] } = services;
  const trusted =
    'trustedDocuments' in services
      ? services.trustedDocuments
      : loadTrustedDocuments(config.trustedDocuments.manifests, schema, { rules: servedRules(config), maxTokens: config.limits.tokens });
  const { documentCache, errorCache } = parseCaches(config.limits.documentCacheBytes);
  // One analysis per document and operation, for the limits and the planner both.
  const analyses = analysisCache();
  // A trusted document's operations are analysed now, leaving a request only its variables to read.
  for (const { document } of trusted?.values() ?? []) analyzeOperations(document, analyses);
  const turn = useEventLoopTurn();
  return createYoga<Record<string, never>, Context>({
    schema,
    // Bounded in bytes: Yoga's default keeps 1,000 documents of any size.
    parserAndValidationCache: { documentCache, errorCache, validationCache: true },
    graphqlEndpoint: '/graphql',
    // Several operations in one HTTP request run together, so their writes share calls too.
    batching: { limit: config.limits.operationsPerRequest },
    // GraphQL over HTTP's name for a trusted document's id; any other parameter is refused.
    extraParamNames: trusted ? ['documentId'] : [],
    landingPage: false,
    // No upload in this schema; a multipart body would be one more way to hand Yoga JSON to parse.
    multipart: false,
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
      const { caller, dataCenter } = identify(request.headers, config, fallbackCredential);
      return { caller, batcher, dataCenter };
    },
    logging,
    plugins: [
      // First, so a preflight is answered before any other plugin looks at the request.
      useCors(config.corsOrigins),
      ...plugins,
      ...(config.graphiql ? [useOfflineGraphiQL(graphiqlOptions(config))] : []),
      useBodyLimit({
        maxBytes: config.limits.bodyBytes,
        maxBytesInFlight: config.limits.bodiesInFlightBytes,
        shape: REQUEST_BODY_SHAPE,
        budget: services.bodyBudget,
      }),
      useCSRFPrevention(),
      useSchemaPrivacy(config),
      // Before useRequestLimits, which parses: in trusted-only mode a document's text is refused unparsed.
      ...(trusted ? [useTrustedDocuments(trusted, { only: config.trustedDocuments.only })] : []),
      // Before graphql-js compares every pair of fields of one response key.
      useRepeatedFieldLimit({ max: MAX_REPEATED_FIELDS }),
      useOperationLimits(config.limits),
      // Before useRequestLimits parses any operation of an HTTP batch.
      useHttpBatchLimits(config.limits),
      turn.start,
      // Before anything executes, so a request over the limits never starts a write.
      useRequestLimits(schema, config.limits, documentCache, { documentById: trusted?.documentOf, analyses }),
      // Between counting a large request and validating it.
      turn.turn,
      useAnswerLimit({ maxBytes: config.limits.answerBytes }),
      useGraphQLJSExecutor(),
      // After the executor is chosen: the planner runs its steps through it.
      useMutationPlanner({ analyses }),
    ],
  });
}

/** Each operation under its name, and unnamed when it is the only one: the names a request can use. */
function analyzeOperations(document: DocumentNode, analyses: AnalysisCache): void {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  for (const operation of operations) if (operation.name) analyze(schema, document, operation.name.value, analyses);
  if (operations.length === 1) analyze(schema, document, undefined, analyses);
}

/**
 * A parsed document keeps about 50 bytes of heap per character of its source once it is
 * validated and planned (measured: 0.57 MB for a 50-field operation of 11,600 characters). A
 * parse error keeps its source. An entry over an eighth of the budget is not kept.
 */
const DOCUMENT_BYTES_PER_CHARACTER = 50;

function parseCaches(maxBytes: number) {
  const maxEntryBytes = Math.floor(maxBytes / 8);
  return {
    documentCache: new DocumentCache<DocumentNode>({
      maxBytes,
      maxEntryBytes,
      bytesOf: (source) => source.length * DOCUMENT_BYTES_PER_CHARACTER,
    }),
    errorCache: new DocumentCache<Error>({
      maxBytes: Math.floor(maxBytes / 16),
      maxEntryBytes: Math.floor(maxBytes / 128),
      bytesOf: (source) => source.length * 2 + 1024,
    }),
  };
}
