/**
 * The run-time half of the lane's prepared executor (`prepareExecution`): graphql-js 16's
 * `executeFields`, `executeField` and `completeValue`, following plans collected when the manifest
 * loaded rather than collecting fields per value. Same resolver calls, same completion, same
 * errors (`locatedError` at their path, null propagation, `CollectedErrors`), same result.
 */
import {
  defaultTypeResolver,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  type GraphQLAbstractType,
  GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isObjectType,
  locatedError,
  type OperationDefinitionNode,
  TypeNameMetaFieldDef,
} from 'graphql';
import { inspect } from 'graphql/jsutils/inspect.js';
import type { Path } from 'graphql/jsutils/Path.js';
import { type ArgumentsPlan, argumentsByPlan } from './prepared-values.js';

export type Completion =
  | { kind: 'nonNull'; inner: Completion }
  | { kind: 'list'; item: Completion }
  | { kind: 'leaf'; type: GraphQLLeafType }
  | { kind: 'object'; object: ObjectPlan }
  | { kind: 'abstract'; type: GraphQLAbstractType; members: Map<string, ObjectPlan> };

export interface ObjectPlan {
  type: GraphQLObjectType;
  fields: FieldPlan[];
}

export interface FieldPlan {
  responseKey: string;
  nodes: FieldNode[];
  definition: GraphQLField<unknown, unknown>;
  parentType: GraphQLObjectType;
  resolve: GraphQLFieldResolver<unknown, unknown>;
  /** False for a field without arguments: graphql-js would read `{}`. */
  hasArguments: boolean;
  /** How a root field's arguments are read without graphql-js (`planArguments`); else `getArgumentValues` reads them. */
  argumentsPlan?: ArgumentsPlan | undefined;
  completion: Completion;
}

/** What `run` shares with every field of one execution, as graphql-js' execution context. */
export interface Execution {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  contextValue: unknown;
  variableValues: Record<string, unknown>;
  errors: CollectedErrors;
}

/**
 * graphql-js' `executeFields` at the root of a query: every root resolver called in document
 * order before any is awaited, then the answer as `buildResponse` gives it, errors sorted by
 * root field as `executePlan` sorts them.
 */
export async function executeRoot(execution: Execution, fields: FieldPlan[]): Promise<ExecutionResult> {
  let data: Record<string, unknown> | null;
  try {
    const result = executeFields(execution, fields, undefined, undefined);
    data = (isPromise(result) ? await result : result) as Record<string, unknown>;
  } catch (error) {
    execution.errors.add(error as GraphQLError, undefined);
    data = null;
  }
  const errors = execution.errors.errors;
  if (errors.length === 0) return { data };
  if (errors.length > 1 && fields.length > 1) {
    const order = new Map(fields.map((field, index) => [field.responseKey, index]));
    const position = (error: GraphQLError) => order.get(String(error.path?.[0])) ?? -1;
    errors.sort((a, b) => position(a) - position(b));
  }
  return { errors, data };
}

function executeFields(execution: Execution, fields: FieldPlan[], source: unknown, path: Path | undefined): unknown {
  // A plain object, where graphql-js makes one without a prototype: V8 keeps those as hash tables,
  // which took a third more to serialise and more to collect. Its keys are set in the same order
  // on every run, so its layout is shared; `__proto__` is never one (`prepareExecution` leaves it to graphql-js).
  const results: Record<string, unknown> = {};
  let containsPromise = false;
  try {
    for (const field of fields) {
      const result = executeField(execution, field, source, { prev: path, key: field.responseKey, typename: field.parentType.name });
      if (result !== undefined) {
        results[field.responseKey] = result;
        if (isPromise(result)) containsPromise = true;
      }
    }
  } catch (error) {
    // Every other field's promise settles first, as graphql-js waits for them.
    if (containsPromise)
      return promiseForObject(results).finally(() => {
        throw error;
      });
    throw error;
  }
  return containsPromise ? promiseForObject(results) : results;
}

function executeField(execution: Execution, field: FieldPlan, source: unknown, path: Path): unknown {
  const { definition, nodes } = field;
  // graphql-js' own resolver of `__typename` answers the parent's name, which `String` serializes as it is.
  if (definition === TypeNameMetaFieldDef) return field.parentType.name;
  // As graphql-js' `buildResolveInfo` (graphql-tools' typings add members graphql-js does not give).
  const info = {
    fieldName: definition.name,
    fieldNodes: nodes,
    returnType: definition.type,
    parentType: field.parentType,
    path,
    schema: execution.schema,
    fragments: execution.fragments,
    rootValue: undefined,
    operation: execution.operation,
    variableValues: execution.variableValues,
  } as unknown as GraphQLResolveInfo;
  try {
    const args = field.hasArguments
      ? ((field.argumentsPlan && argumentsByPlan(field.argumentsPlan, execution.variableValues)) ??
        getArgumentValues(definition, nodes[0]!, execution.variableValues))
      : {};
    const result = field.resolve(source, args, execution.contextValue, info);
    if (isPromise(result)) {
      const onError = errorHandler(execution, field, path);
      // graphql-js chains a second promise to catch what completion throws: caught here in the
      // first, one promise and one turn fewer per field, the same answer.
      return result.then((resolved) => {
        let completed: unknown;
        try {
          completed = completeValue(execution, field.completion, info, path, resolved);
        } catch (rawError) {
          return onError(rawError);
        }
        return isPromise(completed) ? completed.then(undefined, onError) : completed;
      }, onError);
    }
    const completed = completeValue(execution, field.completion, info, path, result);
    return isPromise(completed) ? completed.then(undefined, errorHandler(execution, field, path)) : completed;
  } catch (rawError) {
    return handleFieldError(execution, located(rawError, nodes, path), field.completion, path);
  }
}

/** `handleFieldError` for a promise's rejection: made only then, as most fields below the root complete at once. */
function errorHandler(execution: Execution, field: FieldPlan, path: Path): (rawError: unknown) => null {
  return (rawError) => handleFieldError(execution, located(rawError, field.nodes, path), field.completion, path);
}

function handleFieldError(execution: Execution, error: GraphQLError, completion: Completion, path: Path): null {
  if (completion.kind === 'nonNull') throw error;
  execution.errors.add(error, path);
  return null;
}

function completeValue(execution: Execution, completion: Completion, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  if (result instanceof Error) throw result;
  if (completion.kind === 'nonNull') {
    const completed = completeValue(execution, completion.inner, info, path, result);
    if (completed === null) throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
    return completed;
  }
  if (result == null) return null;
  switch (completion.kind) {
    case 'list':
      return completeList(execution, completion.item, info, path, result);
    case 'leaf':
      return completeLeaf(completion.type, result);
    case 'abstract':
      return completeAbstract(execution, completion, info, path, result);
    case 'object':
      return completeObject(execution, completion.object, info, path, result);
  }
}

function completeList(execution: Execution, item: Completion, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  if (typeof result !== 'object' || typeof (result as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new GraphQLError(`Expected Iterable, but did not find one for field "${info.parentType.name}.${info.fieldName}".`);
  }
  let containsPromise = false;
  const completed = Array.from(result as Iterable<unknown>, (value, index) => {
    const itemPath: Path = { prev: path, key: index, typename: undefined };
    try {
      const completedItem = isPromise(value)
        ? value.then((resolved) => completeValue(execution, item, info, itemPath, resolved))
        : completeValue(execution, item, info, itemPath, value);
      if (isPromise(completedItem)) {
        containsPromise = true;
        return completedItem.then(undefined, (rawError: unknown) =>
          handleFieldError(execution, located(rawError, info.fieldNodes, itemPath), item, itemPath),
        );
      }
      return completedItem;
    } catch (rawError) {
      return handleFieldError(execution, located(rawError, info.fieldNodes, itemPath), item, itemPath);
    }
  });
  return containsPromise ? Promise.all(completed) : completed;
}

function completeLeaf(type: GraphQLLeafType, result: unknown): unknown {
  const serialized = type.serialize(result);
  if (serialized == null) {
    throw new Error(
      `Expected \`${inspect(type)}.serialize(${inspect(result)})\` to return non-nullable value, returned: ${inspect(serialized)}`,
    );
  }
  return serialized;
}

function completeAbstract(
  execution: Execution,
  completion: Extract<Completion, { kind: 'abstract' }>,
  info: GraphQLResolveInfo,
  path: Path,
  result: unknown,
): unknown {
  const { type } = completion;
  const resolveType = type.resolveType ?? defaultTypeResolver;
  const runtimeType = resolveType(result, execution.contextValue, info, type);
  const complete = (name: unknown) =>
    completeObject(execution, memberOf(execution.schema, completion, name, info, result), info, path, result);
  return isPromise(runtimeType) ? runtimeType.then(complete) : complete(runtimeType);
}

/** The member's plan; else graphql-js' `ensureValidRuntimeType` error, in its words. */
function memberOf(
  schema: GraphQLSchema,
  { type, members }: Extract<Completion, { kind: 'abstract' }>,
  name: unknown,
  info: GraphQLResolveInfo,
  result: unknown,
): ObjectPlan {
  const member = typeof name === 'string' ? members.get(name) : undefined;
  if (member) return member;
  const nodes = info.fieldNodes;
  const field = `${info.parentType.name}.${info.fieldName}`;
  if (name == null) {
    throw new GraphQLError(
      `Abstract type "${type.name}" must resolve to an Object type at runtime for field "${field}". Either the "${type.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`,
      nodes,
    );
  }
  if (isObjectType(name)) {
    throw new GraphQLError(
      'Support for returning GraphQLObjectType from resolveType was removed in graphql-js@16.0.0 please return type name instead.',
    );
  }
  if (typeof name !== 'string') {
    throw new GraphQLError(
      `Abstract type "${type.name}" must resolve to an Object type at runtime for field "${field}" with value ${inspect(result)}, received "${inspect(name)}".`,
    );
  }
  const runtimeType = schema.getType(name);
  if (runtimeType == null) {
    throw new GraphQLError(`Abstract type "${type.name}" was resolved to a type "${name}" that does not exist inside the schema.`, {
      nodes,
    });
  }
  if (!isObjectType(runtimeType)) {
    throw new GraphQLError(`Abstract type "${type.name}" was resolved to a non-object type "${name}".`, { nodes });
  }
  throw new GraphQLError(`Runtime Object type "${runtimeType.name}" is not a possible type for "${type.name}".`, { nodes });
}

function completeObject(execution: Execution, plan: ObjectPlan, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  const { type } = plan;
  if (type.isTypeOf) {
    const isTypeOf = type.isTypeOf(result, execution.contextValue, info);
    if (isPromise(isTypeOf)) {
      return isTypeOf.then((resolved) => {
        if (!resolved) throw invalidReturnType(type, result, info.fieldNodes);
        return executeFields(execution, plan.fields, result, path);
      });
    }
    if (!isTypeOf) throw invalidReturnType(type, result, info.fieldNodes);
  }
  return executeFields(execution, plan.fields, result, path);
}

function invalidReturnType(type: GraphQLObjectType, result: unknown, nodes: readonly FieldNode[]): GraphQLError {
  return new GraphQLError(`Expected value of type "${type.name}" but got: ${inspect(result)}.`, { nodes });
}

function located(rawError: unknown, nodes: readonly FieldNode[], path: Path): GraphQLError {
  return locatedError(rawError, nodes, pathToArray(path));
}

function pathToArray(path: Path | undefined): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let at = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse();
}

/** graphql-js' `isPromise`: anything with a `then` method. */
function isPromise(value: unknown): value is PromiseLike<unknown> & Promise<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** graphql-js' `promiseForObject`, settling `object` in place: it is this execution's own, seen by nothing else yet. */
function promiseForObject(object: Record<string, unknown>): Promise<Record<string, unknown>> {
  const keys = Object.keys(object);
  const values = new Array<unknown>(keys.length);
  for (let index = 0; index < keys.length; index++) values[index] = object[keys[index]!];
  return Promise.all(values).then((settled) => {
    for (let index = 0; index < keys.length; index++) object[keys[index]!] = settled[index];
    return object;
  });
}

/**
 * graphql-js' `CollectedErrors`: an error at a position that an earlier error already nulled (or
 * below it) is not reported again.
 */
export class CollectedErrors {
  readonly #positions = new Set<Path | undefined>();
  readonly errors: GraphQLError[] = [];

  add(error: GraphQLError, path: Path | undefined): void {
    for (let at = path; at !== undefined; at = at.prev) if (this.#positions.has(at)) return;
    if (this.#positions.has(undefined)) return;
    this.#positions.add(path);
    this.errors.push(error);
  }
}
