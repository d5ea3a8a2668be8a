import {
  defaultFieldResolver,
  defaultTypeResolver,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getVariableValues,
  type GraphQLAbstractType,
  GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  locatedError,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeNameMetaFieldDef,
  typeFromAST,
  visit,
} from 'graphql';
import { inspect } from 'graphql/jsutils/inspect.js';
import type { Path } from 'graphql/jsutils/Path.js';
import type { InputCoercion } from './input-coercion.js';

/**
 * One trusted operation made ready to run without graphql-js' `execute`: its root fields, and
 * below each the fields every concrete type of its answer selects, collected at prepare time
 * exactly as graphql-js 16's `collectFields` collects them (aliases, response keys merged in the
 * order they first appear, fragments and inline fragments whose type condition is the concrete
 * type or an abstract type it belongs to, a fragment spread once). Everything is plain data: the
 * nodes, the field definitions and their resolvers; no code is generated.
 *
 * A request then coerces its variables with graphql-js' `getVariableValues` (after
 * `InputCoercion`), reads each root field's arguments with `getArgumentValues`, calls every root
 * resolver in document order in one turn (so their writes meet in the batcher, as the mutation
 * planner's concurrent step has them meet), and completes each answer as graphql-js'
 * `completeValue` does: `resolveType`, `isTypeOf`, each field's resolver, `serialize`, lists,
 * non-null, errors through `locatedError` at their path with graphql-js' null propagation. The
 * result is the one `executePlan` gives for the same operation: the same keys in the same order,
 * the same errors in document order.
 *
 * ```ts
 * const prepared = prepareExecution(schema, document, operation, coercion); // at manifest load
 * const result = prepared && prepared.run(contextValue, variables); // undefined: variables refused, nothing ran
 * ```
 *
 * Not prepared (`undefined`), so the caller runs graphql-js instead: an operation that is not a
 * mutation, any directive in the document, a root field that is not a batchable write of a
 * non-list type, a field the type lacks, a fragment name defined twice or spread but undefined.
 */
export interface PreparedExecution {
  /** The answer, or undefined when the variables do not coerce (nothing ran; graphql-js words the errors). */
  run(contextValue: unknown, rawVariables: Record<string, unknown> | undefined): Promise<ExecutionResult> | undefined;
}

type Completion =
  | { kind: 'nonNull'; inner: Completion }
  | { kind: 'list'; item: Completion }
  | { kind: 'leaf'; type: GraphQLLeafType }
  | { kind: 'object'; object: ObjectPlan }
  | { kind: 'abstract'; type: GraphQLAbstractType; members: Map<string, ObjectPlan> };

interface ObjectPlan {
  type: GraphQLObjectType;
  fields: FieldPlan[];
}

interface FieldPlan {
  responseKey: string;
  nodes: FieldNode[];
  definition: GraphQLField<unknown, unknown>;
  parentType: GraphQLObjectType;
  resolve: GraphQLFieldResolver<unknown, unknown>;
  /** False for a field without arguments: graphql-js would read `{}`. */
  hasArguments: boolean;
  completion: Completion;
}

/** What `run` shares with every field of one execution, as graphql-js' execution context. */
interface Execution {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  contextValue: unknown;
  variableValues: Record<string, unknown>;
  errors: CollectedErrors;
}

/**
 * Prepares `operation` of `document` (a trusted document, validated) for `run`, or undefined
 * when it has a shape this executor does not take as graphql-js would (see `PreparedExecution`).
 * `isRootFieldTaken` says which root field definitions may run (the lane's batchable writes).
 */
export function prepareExecution(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  coercion: InputCoercion,
  isRootFieldTaken: (definition: GraphQLField<unknown, unknown>) => boolean,
): PreparedExecution | undefined {
  const root = schema.getMutationType();
  if (operation.operation !== 'mutation' || !root || hasDirectives(document)) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (fragments[definition.name.value]) return undefined;
    fragments[definition.name.value] = definition;
  }
  const collector = new Collector(schema, fragments);
  let rootFields: FieldPlan[];
  try {
    rootFields = collector.fieldsOf(root, [operation.selectionSet]);
  } catch (error) {
    if (error instanceof NotPrepared) return undefined;
    throw error;
  }
  if (rootFields.length === 0) return undefined;
  for (const field of rootFields) {
    if (field.definition === TypeNameMetaFieldDef || !isRootFieldTaken(field.definition)) return undefined;
  }
  const variableDefinitions = operation.variableDefinitions ?? [];

  return {
    run(contextValue, rawVariables) {
      const args = { schema, document, operation, variableValues: rawVariables, operationName: operation.name?.value };
      const coerced = coercion.prepare(args);
      // As graphql-js' `execute` coerces them (after InputCoercion, as `graphQLJSExecutor` does).
      const variables = getVariableValues(coerced?.schema ?? schema, variableDefinitions, coerced?.variableValues ?? rawVariables ?? {}, {
        maxErrors: 50,
      });
      if (variables.errors) return undefined;
      const execution: Execution = {
        schema,
        fragments,
        operation,
        contextValue,
        variableValues: variables.coerced,
        errors: new CollectedErrors(),
      };
      return executeRoot(execution, rootFields);
    },
  };
}

/** A document shape this executor does not take: the operation is left to graphql-js. */
class NotPrepared extends Error {}

function hasDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive() {
      found = true;
    },
  });
  return found;
}

/** graphql-js 16's `collectFields`/`collectSubfields`, done once per selection and concrete type. */
class Collector {
  constructor(
    readonly schema: GraphQLSchema,
    readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  fieldsOf(type: GraphQLObjectType, sets: SelectionSetNode[]): FieldPlan[] {
    const byKey = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    for (const set of sets) this.#collect(type, set, byKey, visited);
    return [...byKey].map(([responseKey, nodes]) => {
      const first = nodes[0]!;
      const definition =
        first.name.value === TypeNameMetaFieldDef.name
          ? (TypeNameMetaFieldDef as GraphQLField<unknown, unknown>)
          : type.getFields()[first.name.value];
      if (!definition) throw new NotPrepared();
      return {
        responseKey,
        nodes,
        definition,
        parentType: type,
        resolve: definition.resolve ?? defaultFieldResolver,
        hasArguments: definition.args.length > 0,
        completion: this.#completion(definition.type, nodes),
      };
    });
  }

  #completion(type: GraphQLOutputType, nodes: FieldNode[]): Completion {
    if (isNonNullType(type)) return { kind: 'nonNull', inner: this.#completion(type.ofType, nodes) };
    if (isListType(type)) return { kind: 'list', item: this.#completion(type.ofType, nodes) };
    if (isLeafType(type)) return { kind: 'leaf', type };
    const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    if (isObjectType(type)) return { kind: 'object', object: { type, fields: this.fieldsOf(type, sets) } };
    if (isAbstractType(type)) {
      const members = new Map<string, ObjectPlan>();
      for (const member of this.schema.getPossibleTypes(type))
        members.set(member.name, { type: member, fields: this.fieldsOf(member, sets) });
      return { kind: 'abstract', type, members };
    }
    throw new NotPrepared();
  }

  #collect(type: GraphQLObjectType, set: SelectionSetNode, byKey: Map<string, FieldNode[]>, visited: Set<string>): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = byKey.get(key);
        if (nodes) nodes.push(selection);
        else byKey.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.#matches(selection.typeCondition, type)) this.#collect(type, selection.selectionSet, byKey, visited);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = this.fragments[name];
        if (!fragment) throw new NotPrepared();
        if (this.#matches(fragment.typeCondition, type)) this.#collect(type, fragment.selectionSet, byKey, visited);
      }
    }
  }

  /** graphql-js' `doesFragmentConditionMatch`. */
  #matches(condition: { kind: Kind.NAMED_TYPE; name: { value: string } } | undefined, type: GraphQLObjectType): boolean {
    if (!condition) return true;
    const conditional = typeFromAST(this.schema, condition as never);
    if (conditional === type) return true;
    return isAbstractType(conditional) && this.schema.isSubType(conditional, type);
  }
}

/**
 * graphql-js' `executeFields` at the root of a query: every root resolver called in document
 * order before any is awaited, then the answer as `buildResponse` gives it, errors sorted by
 * root field as `executePlan` sorts them.
 */
async function executeRoot(execution: Execution, fields: FieldPlan[]): Promise<ExecutionResult> {
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
  const results: Record<string, unknown> = Object.create(null);
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
    const args = field.hasArguments ? getArgumentValues(definition, nodes[0]!, execution.variableValues) : {};
    const result = field.resolve(source, args, execution.contextValue, info);
    const completed = isPromise(result)
      ? result.then((resolved) => completeValue(execution, field.completion, info, path, resolved))
      : completeValue(execution, field.completion, info, path, result);
    if (isPromise(completed)) {
      return completed.then(undefined, (rawError: unknown) =>
        handleFieldError(execution, located(rawError, nodes, path), field.completion, path),
      );
    }
    return completed;
  } catch (rawError) {
    return handleFieldError(execution, located(rawError, nodes, path), field.completion, path);
  }
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

function promiseForObject(object: Record<string, unknown>): Promise<Record<string, unknown>> {
  return Promise.all(Object.values(object)).then((values) => {
    const resolved: Record<string, unknown> = Object.create(null);
    for (const [index, key] of Object.keys(object).entries()) resolved[key] = values[index];
    return resolved;
  });
}

/**
 * graphql-js' `CollectedErrors`: an error at a position that an earlier error already nulled (or
 * below it) is not reported again.
 */
class CollectedErrors {
  readonly #positions = new Set<Path | undefined>();
  readonly errors: GraphQLError[] = [];

  add(error: GraphQLError, path: Path | undefined): void {
    for (let at = path; at !== undefined; at = at.prev) if (this.#positions.has(at)) return;
    if (this.#positions.has(undefined)) return;
    this.#positions.add(path);
    this.errors.push(error);
  }
}
