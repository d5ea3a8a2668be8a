import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { planCalls } from '../batcher/calls.js';
import type { Limits } from '../config.js';
import { MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import type { DocumentCache } from './document-cache.js';
import { representationProblem } from './entity-representations.js';
import { type OperationCost, operationCost } from './operation-cost.js';

export type RequestLimits = Pick<Limits, 'tokens' | 'mutationFields' | 'batchRequests' | 'callsPerRequest' | 'entities'>;

/**
 * Bounds what one HTTP request can make the service do, judged on what will run before any of
 * it runs: every operation of an HTTP batch is counted (variables coerced with their defaults,
 * fragments expanded, `@skip`/`@include` applied; see `operationCost`), and a request over any
 * bound is refused whole, with `LIMIT_EXCEEDED` and nothing sent to Cronofy:
 * - `mutationFields` root fields of one mutation operation;
 * - `batchRequests` requests of the `batch` fields of one operation together;
 * - `callsPerRequest` Cronofy batch calls for all the request's writes: 50 writes a call, and
 *   writes to one event or available period in calls of their own, one after another;
 * - `entities` representations handed to `_entities`, each of which must name an entity by one
 *   of its keys (otherwise `BAD_USER_INPUT`).
 *
 * ```ts
 * const documents = new DocumentCache<DocumentNode>({ ... });
 * createYoga({ schema, parserAndValidationCache: { documentCache: documents }, plugins: [useRequestLimits(schema, limits, documents)] });
 * ```
 *
 * Documents are parsed here once, into the cache Yoga parses from, so they are not parsed twice.
 */
export function useRequestLimits(schema: GraphQLSchema, limits: RequestLimits, documents: DocumentCache<DocumentNode>): Plugin {
  const documentOf = (query: string): DocumentNode | undefined => {
    let document = documents.get(query);
    if (!document) {
      try {
        document = parse(query, { maxTokens: limits.tokens });
      } catch {
        // Yoga's own parse answers the syntax error, or the token limit, with its message.
        return undefined;
      }
      documents.set(query, document);
    }
    return document;
  };
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          const operations = Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult];
          const costs = operations.map((params) => costOf(schema, params, documentOf));
          const refusal = judge(schema, costs, operations, limits);
          if (refusal) throw createGraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: 400 } } });
        },
      };
    },
  };
}

function costOf(
  schema: GraphQLSchema,
  params: GraphQLParams,
  documentOf: (query: string) => DocumentNode | undefined,
): OperationCost | undefined {
  if (typeof params.query !== 'string') return undefined;
  const document = documentOf(params.query);
  const variables = params.variables;
  if (!document || (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))) return undefined;
  return operationCost(schema, document, params.operationName, variables as Record<string, unknown> | undefined);
}

interface Refusal {
  code: 'LIMIT_EXCEEDED' | 'BAD_USER_INPUT';
  message: string;
}

function judge(
  schema: GraphQLSchema,
  costs: Array<OperationCost | undefined>,
  operations: GraphQLParams[],
  limits: RequestLimits,
): Refusal | undefined {
  const resources: string[] = [];
  let representations = 0;
  for (const [index, cost] of costs.entries()) {
    if (!cost) continue;
    const which = operations.length > 1 ? `operation ${index + 1} of this HTTP batch` : 'this operation';
    if (cost.mutationFields > limits.mutationFields) {
      return exceeded(
        `${which[0]!.toUpperCase()}${which.slice(1)} has ${cost.mutationFields} mutation fields; one operation may have at most ${limits.mutationFields}. Send the writes as several operations.`,
      );
    }
    if (cost.batchRequests > limits.batchRequests) {
      return exceeded(
        `The batch fields of ${which} hold ${cost.batchRequests} requests together; one operation may hold at most ${limits.batchRequests}. Send them as several operations.`,
      );
    }
    for (const resource of cost.resources) resources.push(resource);
    for (const representation of cost.representations) {
      const problem = representationProblem(schema, representation, representations++);
      if (problem) return { code: 'BAD_USER_INPUT', message: problem };
      if (representations > limits.entities) {
        return exceeded(`This request asks _entities for more than ${limits.entities} representations. Ask for them in several requests.`);
      }
    }
  }
  if (resources.length > limits.callsPerRequest) {
    const calls = planCalls(resources, MAX_BATCH_ENTRIES).length;
    if (calls > limits.callsPerRequest) {
      const chained =
        calls > Math.ceil(resources.length / MAX_BATCH_ENTRIES)
          ? ', because writes to the same event or available period go in calls of their own, one after another'
          : '';
      return exceeded(
        `This request's ${resources.length} writes need ${calls} Cronofy batch calls${chained}; one request may cause at most ${limits.callsPerRequest}. Send fewer writes per request, or spread writes to the same item over several requests.`,
      );
    }
  }
  return undefined;
}

function exceeded(message: string): Refusal {
  return { code: 'LIMIT_EXCEEDED', message };
}
