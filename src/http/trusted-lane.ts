import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  type DocumentNode,
  type ExecutionResult,
  getNullableType,
  type GraphQLField,
  GraphQLError,
  isListType,
  Kind,
  OperationTypeNode,
} from 'graphql';
import { type GraphQLParams, maskError, processRegularResult, type YogaLogger } from 'graphql-yoga';
import type { Batcher } from '../batcher/batcher.js';
import type { Config } from '../config.js';
import type { Credential } from '../cronofy/credentials.js';
import { analysisCache, analyze, type OperationAnalysis } from '../planner/analyze.js';
import { batchableOf } from '../schema/batchable.js';
import { schema } from '../schema/index.js';
import type { BodyBudget } from './body-budget.js';
import { type HeaderReader, identify } from './caller.js';
import { InputCoercion } from './input-coercion.js';
import { jsonShapeProblem } from './json-shape.js';
import { laneJudge } from './lane-judge.js';
import { type PreparedExecution, prepareExecution } from './prepared-execution.js';
import type { TrustedDocuments } from './trusted-documents.js';
import { answerOverLimit } from './use-answer-limit.js';
import { corsHeaders } from './use-cors.js';
import { wholeTurn } from './use-event-loop-turn.js';
import { repetitionProblem } from './use-repeated-field-limit.js';
import { limitsShapeOf, type Refusal, type RequestLimits } from './use-request-limits.js';
import { MAX_REPEATED_FIELDS, REQUEST_BODY_SHAPE, type Yoga } from './yoga.js';

export interface TrustedLaneOptions {
  config: Config;
  trusted: TrustedDocuments;
  batcher: Batcher;
  fallbackCredential: Credential | undefined;
  /** The budget `useBodyLimit` charges too (`Services.bodyBudget`). */
  bodyBudget: BodyBudget;
  /** Each request the lane answered: its status and how long it took, in seconds. */
  onAnswer?: ((status: number, seconds: number) => void) | undefined;
}

/** Why the lane handed a request to Yoga: for tests, and for reading the code. */
export type Handoff =
  'headers' | 'body-budget' | 'json-shape' | 'json' | 'params' | 'unknown-document' | 'not-prepared' | 'limits' | 'not-started';

/**
 * Answers a trusted mutation sent by id without Yoga, whatwg-node and envelop, as Yoga would
 * answer it, and hands every other request to `yoga` unchanged. For a 50-field mutation, Yoga's
 * own path (Fetch objects for the request and the answer, every plugin's hooks) took about 960 µs
 * of CPU over HTTP where the execution takes about 250 µs; the lane keeps only the parts that
 * decide the answer: the body bounds and
 * budget (`useBodyLimit`), the request limits (`useRequestLimits`, their fixed part judged at
 * load by `laneJudge`), the caller (`identify`), execution (`prepareExecution`'s executor, as
 * graphql-js executes), masked errors, the answer
 * limit (`answerOverLimit`), Yoga's own result formatting (`processRegularResult`) and the CORS
 * headers (`corsHeaders`).
 *
 * It takes only a `POST` to the endpoint, with `content-type: application/json`, a declared
 * `content-length` within `MAX_BODY_BYTES`, no `content-encoding` or `transfer-encoding`, and an
 * `Accept` it can answer as Yoga would (absent, `*\/*`, `application/json`,
 * `application/graphql-response+json`, utf-8); whose body is one JSON object of `documentId` or
 * `extensions.persistedQuery` (version 1, `sha256Hash`), `variables` (an object) and
 * `operationName` only; naming a trusted mutation prepared when the manifest loaded (see
 * `prepare`); and within the request limits. Anything else, and any request graphql-js refuses
 * before running a resolver (variables that do not coerce), goes to Yoga with the body already
 * read, so Yoga gives its own answer; nothing has run by then.
 *
 * ```ts
 * const bodyBudget = new BodyBudget(config.limits.bodiesInFlightBytes);
 * const yoga = createGraphQLHandler(config, { batcher, fallbackCredential, trustedDocuments, bodyBudget });
 * createServer(withTrustedLane(yoga, { config, trusted: trustedDocuments, batcher, fallbackCredential, bodyBudget }));
 * ```
 *
 * `onHandoff`, for tests, hears why a request went to Yoga.
 */
export function withTrustedLane(
  yoga: Yoga,
  options: TrustedLaneOptions,
  onHandoff?: ((reason: Handoff) => void) | undefined,
): RequestListener {
  const { config, trusted, batcher, fallbackCredential, bodyBudget, onAnswer } = options;
  const { limits } = config;
  const endpoint = yoga.graphqlEndpoint;
  const logger: YogaLogger = yoga.logger;
  const prepared = prepare(trusted, limits);
  const cors = corsHeaders(config.corsOrigins);

  const toYoga = (reason: Handoff, req: IncomingMessage, res: ServerResponse, read?: { chunks: Buffer[]; complete: boolean }) => {
    onHandoff?.(reason);
    // whatwg-node's node adapter takes a body read already (`req.body`) as the request's body.
    if (read) (req as IncomingMessage & { body?: unknown }).body = read.complete ? Buffer.concat(read.chunks) : replay(read.chunks, req);
    return yoga(req, res);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, mediaType: RegularMediaType, declared: number): Promise<void> => {
    const started = Date.now();
    const read = await readBody(req, declared, bodyBudget);
    if (read === undefined) return; // the client went away
    if (!read.complete) return void toYoga('body-budget', req, res, read);
    const body = read.chunks.length === 1 ? read.chunks[0]! : Buffer.concat(read.chunks);
    const parsedAt = performance.now();
    let params: unknown;
    // Held, as by useBodyLimit, until the body is parsed; Yoga charges it again if handed it.
    try {
      if (jsonShapeProblem(body, REQUEST_BODY_SHAPE)) return void toYoga('json-shape', req, res, read);
      params = JSON.parse(body.toString());
    } catch {
      return void toYoga('json', req, res, read);
    } finally {
      bodyBudget.release(body.byteLength);
    }
    if (!isLaneParams(params)) return void toYoga('params', req, res, read);
    const document = trusted.documentOf(params);
    if (!document) return void toYoga('unknown-document', req, res, read);
    const operation = prepared.get(document)?.get(params.operationName ?? null);
    if (!operation) return void toYoga('not-prepared', req, res, read);
    if (operation.judge(params.variables)) return void toYoga('limits', req, res, read);
    // As useEventLoopTurn lets a turn pass after judging a long request.
    if (performance.now() - parsedAt >= TURN_AFTER_MS) await wholeTurn();

    const headers = nodeHeaders(req);
    const { caller, dataCenter } = identify(headers, config, fallbackCredential);
    // Refused before any resolver ran (a variable that does not coerce): Yoga answers it.
    const run = operation.execution.run({ caller, batcher, dataCenter }, params.variables);
    if (!run) return void toYoga('not-started', req, res, read);
    let result: ExecutionResult = await run;

    if (result.errors) result = { ...result, errors: result.errors.map((error) => masked(error, logger)) };
    result = answerOverLimit(result, limits.answerBytes) ?? result;
    const formatted = formatResult(result, mediaType);
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(formatted.headers)) out[name.toLowerCase()] = value;
    out['content-length'] = String(Buffer.byteLength(formatted.body));
    for (const [name, value] of cors('POST', headers.get('origin'))) out[name] = value;
    res.writeHead(formatted.status, out);
    res.end(formatted.body);
    onAnswer?.(formatted.status, (Date.now() - started) / 1000);
  };

  return (req, res) => {
    const admitted = admit(req, endpoint, limits.bodyBytes);
    if (!admitted) {
      onHandoff?.('headers');
      return yoga(req, res);
    }
    const started = Date.now();
    answer(req, res, admitted.mediaType, admitted.declared).catch((error: unknown) => {
      logger.error(error);
      if (!res.headersSent) {
        const body = JSON.stringify({ errors: [{ message: 'Unexpected error.' }] });
        const out: Record<string, string> = {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
        };
        for (const [name, value] of cors('POST', nodeHeaders(req).get('origin'))) out[name] = value;
        res.writeHead(500, out);
        res.end(body);
      } else res.destroy();
      onAnswer?.(500, (Date.now() - started) / 1000);
    });
  };
}

/** useEventLoopTurn's default: a request judged in less than this takes no turn. */
const TURN_AFTER_MS = 10;

/** The media types Yoga's regular result processor answers with. */
export type RegularMediaType = 'application/json' | 'application/graphql-response+json';

const JSON_CONTENT_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/**
 * Whether the lane takes a request, judged on its request line and headers alone: the media type
 * of its answer and its declared length when it does.
 */
export function admit(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  endpoint: string,
  maxBodyBytes: number,
): { mediaType: RegularMediaType; declared: number } | undefined {
  const { headers } = req;
  if (req.method !== 'POST' || req.url !== endpoint) return undefined;
  const contentType = headers['content-type'];
  // Yoga matches the type itself case-sensitively (`Application/JSON` is answered 415), its charset not.
  if (contentType === undefined || !contentType.startsWith('application/json') || !JSON_CONTENT_TYPES.has(contentType.toLowerCase())) {
    return undefined;
  }
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return undefined;
  const length = headers['content-length'];
  if (length === undefined || !/^[0-9]{1,10}$/.test(length)) return undefined;
  const declared = Number(length);
  if (declared === 0 || declared > maxBodyBytes) return undefined;
  const mediaType = regularMediaTypeOf(headers.accept);
  return mediaType && { mediaType, declared };
}

const PLAIN_ACCEPTS = new Set(['*/*', 'application/*', 'application/json', 'application/graphql-response+json']);

/**
 * The media type Yoga answers a single result with for this `Accept`, when every type it lists
 * is one the lane knows; undefined otherwise (Yoga decides). Yoga walks the listed types from the
 * last to the first and, within each, its regular processor's `application/graphql-response+json`
 * then `application/json`, keeping the last that matches: the first listed type wins, and a
 * wildcard ends up as `application/json`.
 */
export function regularMediaTypeOf(accept: string | undefined): RegularMediaType | undefined {
  const listed = (accept ?? '*/*').replace(/\s/g, '').toLowerCase().split(',');
  let chosen: RegularMediaType | undefined;
  for (const entry of listed.reverse()) {
    const [type, ...parameters] = entry.split(';');
    if (type === undefined || !PLAIN_ACCEPTS.has(type)) return undefined;
    if (parameters.some((parameter) => parameter !== 'charset=utf-8')) return undefined;
    const [pre, suf] = type.split('/');
    for (const candidate of ['application/graphql-response+json', 'application/json'] as const) {
      if (pre === '*' || (pre === 'application' && (suf === '*' || `application/${suf}` === candidate))) chosen = candidate;
    }
  }
  return chosen;
}

/** The request as the lane takes it: only these members, of these types. */
interface LaneParams extends GraphQLParams {
  variables?: Record<string, unknown>;
  operationName?: string;
}

const PARAMS = new Set(['documentId', 'extensions', 'variables', 'operationName']);

/**
 * One operation by id: `documentId` (a string), or `extensions` holding only `persistedQuery`
 * with `version: 1` and a string `sha256Hash` (Apollo Client, urql), not both; `variables` an
 * object; `operationName` a string; nothing else (no `query`, no HTTP batch).
 */
export function isLaneParams(value: unknown): value is LaneParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const params = value as Record<string, unknown>;
  for (const key in params) if (!PARAMS.has(key)) return false;
  const { documentId, extensions, variables, operationName } = params;
  if (operationName !== undefined && typeof operationName !== 'string') return false;
  if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) return false;
  if (documentId !== undefined) return typeof documentId === 'string' && extensions === undefined;
  if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) return false;
  const keys = Object.keys(extensions);
  if (keys.length !== 1 || keys[0] !== 'persistedQuery') return false;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery as Record<string, unknown> | null;
  if (typeof persisted !== 'object' || persisted === null || Array.isArray(persisted)) return false;
  const persistedKeys = Object.keys(persisted);
  return (
    persistedKeys.length === 2 &&
    persisted['version'] === 1 &&
    typeof persisted['sha256Hash'] === 'string' &&
    persistedKeys.includes('sha256Hash')
  );
}

/**
 * The trusted operations the lane runs, analysed once: mutations whose root fields all only
 * enqueue writes (batchable, none answering a list sized by the variables), with no `@skip`,
 * `@include`, `@defer` or `@stream`, within the repeated-field limit, under their name (and
 * unnamed when the document has one operation); each with its prepared executor and its
 * request-limits judge. An operation either would lack (a shape the executor does not take, more
 * fields than the limits allow) is not the lane's: Yoga answers it, as it answers any other.
 */
export function prepare(trusted: TrustedDocuments, limits: RequestLimits) {
  const analyses = analysisCache();
  const shape = limitsShapeOf(schema, limits);
  const coercion = new InputCoercion();
  const operations = new Map<DocumentNode, Map<string | null, PreparedOperation>>();
  for (const { document } of trusted.values()) {
    if (repetitionProblem(document, MAX_REPEATED_FIELDS)) continue;
    const definitions = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    for (const definition of definitions) {
      // Asked for by its name, or by none when it is the document's only operation: prepared once for both.
      const names: Array<string | null> = definition.name ? [definition.name.value] : [];
      if (definitions.length === 1) names.push(null);
      const name = names[0];
      if (name === undefined) continue;
      const analysis = analyze(schema, document, name, analyses);
      if (!analysis || !runsInLane(analysis)) continue;
      const execution = prepareExecution(schema, document, analysis.operation, coercion, isLaneWrite);
      const judge = laneJudge(analysis, limits, shape);
      if (!execution || !judge) continue;
      let byName = operations.get(document);
      if (!byName) operations.set(document, (byName = new Map()));
      const prepared = { execution, judge };
      for (const each of names) byName.set(each, prepared);
    }
  }
  return operations;
}

/** An operation the lane runs, as prepared when its manifest loaded. */
interface PreparedOperation {
  execution: PreparedExecution;
  judge: (variables: Record<string, unknown> | undefined) => Refusal | undefined;
}

function runsInLane(analysis: OperationAnalysis): boolean {
  if (!analysis.runnable || analysis.operation.operation !== OperationTypeNode.MUTATION) return false;
  if (analysis.document.incremental || !analysis.fields || analysis.fields.length === 0) return false;
  return analysis.fields.every((field) => field.definition && field.concurrent && isLaneWrite(field.definition));
}

/** A batchable write answering one value, not a list: its writes all start together. */
function isLaneWrite(definition: GraphQLField<unknown, unknown>): boolean {
  return batchableOf(definition) !== undefined && !isListType(getNullableType(definition.type));
}

/**
 * The body, its bytes charged to `budget` as they arrive; `complete: false` when they stopped
 * fitting (the rest is still in `req`), undefined when the client went away. Released by the caller.
 */
function readBody(
  req: IncomingMessage,
  declared: number,
  budget: BodyBudget,
): Promise<{ chunks: Buffer[]; complete: boolean } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let charged = 0;
    const done = (outcome: { chunks: Buffer[]; complete: boolean } | undefined) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      charged += chunk.byteLength;
      if (budget.take(chunk.byteLength)) return;
      // Not ours to refuse: Yoga reads the rest and answers 503, charging the bytes again.
      req.pause();
      budget.release(charged);
      done({ chunks, complete: false });
    };
    const onEnd = () => (charged === declared ? done({ chunks, complete: true }) : onGone());
    const onGone = () => {
      budget.release(charged);
      done(undefined);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

/** What was read of a body, then the rest of it: how Yoga is handed a body the lane stopped reading. */
function replay(chunks: Buffer[], rest: IncomingMessage): Readable {
  return Readable.from(
    (async function* () {
      yield* chunks;
      yield* rest;
    })(),
  );
}

/** node's header object read as Fetch `Headers` are: lower-case names, `null` when absent. */
function nodeHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** As Yoga's `maskedErrors: { isDev: false }`: an unexpected error reads "Unexpected error." and is logged. */
function masked(error: GraphQLError, logger: YogaLogger): GraphQLError {
  const shown = maskError(error, 'Unexpected error.', false) as GraphQLError;
  if (shown !== error) logger.error(error);
  return shown;
}

/** Yoga's own formatting of a single result (status, headers, JSON), without building a Fetch `Response`. */
function formatResult(result: ExecutionResult, mediaType: RegularMediaType): FormattedResult {
  return processRegularResult(result, FORMATTING_FETCH_API as never, mediaType) as unknown as FormattedResult;
}

/** What `processRegularResult` makes with `new Response(body, init)`, kept as plain data. */
class FormattedResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly body: string,
    init: { status: number; headers: Record<string, string> },
  ) {
    this.status = init.status;
    this.headers = init.headers;
  }
}

const FORMATTING_FETCH_API = { Response: FormattedResult };
