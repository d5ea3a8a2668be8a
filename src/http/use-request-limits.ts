import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { planCalls } from '../batcher/calls.js';
import type { Limits } from '../config.js';
import { MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import { type AnalysisCache, analysisCache, analyze } from '../planner/analyze.js';
import type { DocumentCache } from './document-cache.js';
import { type EntityKeys, entityKeysOf, representationProblem } from './entity-representations.js';
import { type OperationCost, operationCost } from './operation-cost.js';
import { isWhole } from '../entries/write.js';
import { inputShapeOf, type VariablesShape, variablesShapeProblem } from './variables-shape.js';

export type RequestLimits = Pick<
  Limits,
  'tokens' | 'documentBytes' | 'mutationFields' | 'batchRequests' | 'callsPerRequest' | 'entities' | 'answerFields'
>;

/**
 * Bounds what one HTTP request can make the service do, judged on what will run before any of
 * it runs: every operation of an HTTP batch is counted (variables as sent, defaults filled in,
 * fragments expanded, `@skip`/`@include` applied; see `operationCost`), and a request over any
 * bound is refused whole, with `LIMIT_EXCEEDED` and nothing sent to Cronofy:
 * - `mutationFields` root fields of one mutation operation;
 * - `batchRequests` requests of the `batch` fields of one operation together;
 * - `callsPerRequest` Cronofy batch calls for all the request's writes: 50 writes a call, and
 *   writes to one event or available period in calls of their own, one after another;
 * - `entities` representations handed to `_entities`, each of which must name an entity by one
 *   of its keys (otherwise `BAD_USER_INPUT`);
 * - `answerFields` fields the answers can hold: a selection counts once per item of a list the
 *   caller sized (`_entities`, `batch`), so 999 aliases under 1,000 representations, an 87 KB
 *   request, are refused rather than executed for most of a second.
 *
 * Before anything is parsed or coerced, what would cost time in proportion to its size without
 * being counted by the other bounds is refused: a document over `documentBytes` (graphql-js
 * finds each error's line by scanning the source up to it, so 100 errors after 4 MB of padding
 * held the event loop for half a second), more comments than `tokens` (the parser keeps one
 * object per comment, and Apollo Router counts them as tokens too), and variables wider, deeper
 * or longer than any input of the schema (`variablesShapeProblem`).
 *
 * ```ts
 * const documents = new DocumentCache<DocumentNode>({ ... });
 * const analyses = analysisCache(); // shared with useMutationPlanner
 * createYoga({
 *   schema,
 *   parserAndValidationCache: { documentCache: documents },
 *   plugins: [useRequestLimits(schema, limits, documents, { analyses }), useMutationPlanner({ analyses })],
 * });
 * ```
 *
 * Documents are parsed here once, into the cache Yoga parses from, so they are not parsed twice,
 * and analysed once, into `analyses`. A request without `query` is counted on the document
 * `documentById` finds for it (a trusted document sent by id; see `useTrustedDocuments`).
 */
export function useRequestLimits(
  schema: GraphQLSchema,
  limits: RequestLimits,
  documents: DocumentCache<DocumentNode>,
  options: { documentById?: ((params: GraphQLParams) => DocumentNode | undefined) | undefined; analyses?: AnalysisCache } = {},
): Plugin {
  const judge = requestLimitsJudge(schema, limits, documents, options);
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          const refusal = judge(Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult]);
          if (refusal) throw createGraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * The judgment `useRequestLimits` passes on a request's operations, for a caller that runs them
 * without Yoga (the trusted lane): why the request would be refused, or undefined.
 */
export function requestLimitsJudge(
  schema: GraphQLSchema,
  limits: RequestLimits,
  documents: DocumentCache<DocumentNode>,
  {
    documentById,
    analyses = analysisCache(),
  }: { documentById?: ((params: GraphQLParams) => DocumentNode | undefined) | undefined; analyses?: AnalysisCache } = {},
): (operations: GraphQLParams[]) => Refusal | undefined {
  const entityKeys = entityKeysOf(schema);
  const shape = limitsShapeOf(schema, limits);
  const costOf = (params: GraphQLParams): OperationCost | Refusal | undefined => {
    const { query, variables } = params;
    // A trusted document sent by id has no `query`: it was parsed when its manifest loaded.
    const trusted = typeof query === 'string' ? undefined : documentById?.(params);
    if (typeof query !== 'string' && !trusted) return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    const refusal = variables ? variablesRefusal(variables as Record<string, unknown>, shape) : undefined;
    if (refusal) return refusal;
    const document = trusted ?? documentOf(query as string);
    if (!document || 'code' in document) return document;
    return operationCost(analyze(schema, document, params.operationName, analyses), variables as Record<string, unknown> | undefined, {
      maxWrites: limits.callsPerRequest * MAX_BATCH_ENTRIES,
    });
  };
  const documentOf = (query: string): DocumentNode | Refusal | undefined => {
    let document = documents.get(query);
    if (!document) {
      const bytes = query.length > limits.documentBytes / 3 ? Buffer.byteLength(query) : 0;
      if (bytes > limits.documentBytes) {
        return exceeded(
          `This document is ${bytes} bytes; one document may be at most ${limits.documentBytes}. Send values as variables, and leave out comments and padding.`,
        );
      }
      const comments = countOf('#', query, limits.tokens);
      if (comments > limits.tokens) {
        return exceeded(`This document has more than ${limits.tokens} comments; comments count as tokens here. Send it without them.`);
      }
      try {
        document = parse(query, { maxTokens: limits.tokens });
      } catch (error) {
        // Over the token limit, the whole request is refused, as for every other bound here; a
        // syntax error is Yoga's to answer, for its operation alone.
        if (/contains more tha[nt] \d+ tokens/.test((error as Error).message)) {
          return exceeded(`Token limit of ${limits.tokens} exceeded. Send it as several smaller operations.`);
        }
        return undefined;
      }
      documents.set(query, document);
    }
    return document;
  };
  return (operations) => judge(operations, costOf, limits, entityKeys);
}

export interface Refusal {
  code: 'LIMIT_EXCEEDED' | 'BAD_USER_INPUT';
  message: string;
}

function judge(
  operations: GraphQLParams[],
  costOf: (params: GraphQLParams) => OperationCost | Refusal | undefined,
  limits: RequestLimits,
  entityKeys: EntityKeys,
): Refusal | undefined {
  const resources: string[] = [];
  let writes = 0;
  let representations = 0;
  let answerFields = 0;
  for (const [index, params] of operations.entries()) {
    const cost = costOf(params);
    if (!cost) continue;
    if ('code' in cost) return cost;
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
    writes += cost.writes;
    answerFields += cost.answerFields;
    if (answerFields > limits.answerFields) {
      return exceeded(
        `The answer to this request could hold ${answerFields} fields or more; one answer may hold at most ${limits.answerFields}. Each field under _entities or batch counts once per representation or request: select fewer fields or aliases there, or send fewer items per request.`,
      );
    }
    for (const resource of cost.resources) resources.push(resource);
    for (const representation of cost.representations) {
      const problem = representationProblem(entityKeys, representation, representations++);
      if (problem) return { code: 'BAD_USER_INPUT', message: problem };
      if (representations > limits.entities) {
        return exceeded(`This request asks _entities for more than ${limits.entities} representations. Ask for them in several requests.`);
      }
    }
  }
  return callsRefusal(writes, resources, limits);
}

/** Variables wider, deeper or longer than any input of the schema allows, refused before anything reads them. */
export function limitsShapeOf(schema: GraphQLSchema, limits: RequestLimits): VariablesShape {
  // Long enough for every bound that counts items to answer with its own message.
  return inputShapeOf(schema, { items: Math.max(limits.batchRequests, limits.entities, 1000), tokens: limits.tokens });
}

/** The refusal of variables that do not fit `shape` (see `limitsShapeOf`), or undefined. */
export function variablesRefusal(variables: Record<string, unknown>, shape: VariablesShape): Refusal | undefined {
  const problem = variablesShapeProblem(variables, shape);
  return problem ? exceeded(`${problem} Check the variables sent with this operation.`) : undefined;
}

/**
 * The refusal of a request whose `writes`, to `resources` in document order, need more Cronofy
 * batch calls than `callsPerRequest`, or undefined.
 */
export function callsRefusal(
  writes: number,
  resources: readonly string[],
  limits: Pick<RequestLimits, 'callsPerRequest'>,
): Refusal | undefined {
  const fewest = Math.ceil(writes / MAX_BATCH_ENTRIES);
  if (fewest > limits.callsPerRequest) {
    return exceeded(
      `This request's ${writes} writes need at least ${fewest} Cronofy batch calls of ${MAX_BATCH_ENTRIES}; one request may cause at most ${limits.callsPerRequest}. Send fewer writes per request.`,
    );
  }
  // Resources that cannot overlap take the fewest calls, counted above.
  if (resources.length > limits.callsPerRequest && !apart(resources)) {
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

/** Whether no two of `resources` overlap (see `planCalls`): then they take ceil(n / 50) calls. */
function apart(resources: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const resource of resources) {
    if (isWhole(resource) || seen.has(resource)) return false;
    seen.add(resource);
  }
  return true;
}

function exceeded(message: string): Refusal {
  return { code: 'LIMIT_EXCEEDED', message };
}

/** Occurrences of `character` in `text`, counted up to one past `atMost`. */
function countOf(character: string, text: string, atMost: number): number {
  let count = 0;
  for (let at = text.indexOf(character); at !== -1 && count <= atMost; at = text.indexOf(character, at + 1)) count++;
  return count;
}
