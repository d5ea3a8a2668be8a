import {
  defaultFieldResolver,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getVariableValues,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeNameMetaFieldDef,
  typeFromAST,
  visit,
} from 'graphql';
import type { InputCoercion } from './input-coercion.js';
import { CollectedErrors, type Completion, type Execution, executeRoot, type FieldPlan, type ObjectPlan } from './prepared-completion.js';
import { coerceVariables, planArguments, planVariables } from './prepared-values.js';

/**
 * One trusted operation made ready to run without graphql-js' `execute`: its root fields, and
 * below each the fields every concrete type of its answer selects, collected at prepare time
 * exactly as graphql-js 16's `collectFields` collects them (aliases, response keys merged in the
 * order they first appear, fragments and inline fragments whose type condition is the concrete
 * type or an abstract type it belongs to, a fragment spread once). Everything is plain data: the
 * nodes, the field definitions and their resolvers; no code is generated.
 *
 * A request then coerces its variables and reads each root field's arguments by a plan also made
 * at load (`prepared-values.ts`), to the values graphql-js' `getVariableValues` and
 * `getArgumentValues` give: their generic walk (a type looked up per variable, closures, a copy of
 * the variables and of each field's arguments) was 4% of all CPU of a 50-field mutation, besides
 * the copy `InputCoercion.prepare` made before it. Only what the plan does not answer goes to
 * graphql-js: a literal argument, a missing or null variable an argument refuses, or, for the whole
 * operation, a variable typed with no input type. It then calls every root
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
 * non-list type, a field the type lacks, a fragment name defined twice or spread but undefined,
 * a response key `__proto__` (answers are plain objects, see `executeFields`).
 */
export interface PreparedExecution {
  /** The answer, or undefined when the variables do not coerce (nothing ran; graphql-js words the errors). */
  run(contextValue: unknown, rawVariables: Record<string, unknown> | undefined): Promise<ExecutionResult> | undefined;
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
  for (const field of rootFields) field.argumentsPlan = planArguments(field.definition, field.nodes[0]!);
  const variables = planVariables(schema, operation, coercion);
  const coerce = variables
    ? (rawVariables: Record<string, unknown> | undefined) => coerceVariables(variables, rawVariables ?? {})
    : graphQLJSCoercion(schema, document, operation, coercion);

  return {
    run(contextValue, rawVariables) {
      const variableValues = coerce(rawVariables);
      if (!variableValues) return undefined;
      const execution: Execution = { schema, fragments, operation, contextValue, variableValues, errors: new CollectedErrors() };
      return executeRoot(execution, rootFields);
    },
  };
}

/** The variables as graphql-js' `execute` coerces them (after InputCoercion, as `graphQLJSExecutor` does): for what `planVariables` does not plan. */
function graphQLJSCoercion(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  coercion: InputCoercion,
): (rawVariables: Record<string, unknown> | undefined) => Record<string, unknown> | undefined {
  const operationName = operation.name?.value;
  const variableDefinitions = operation.variableDefinitions ?? [];
  // Now rather than on the document's first request.
  coercion.prepareDocument(schema, document, operationName);
  return (rawVariables) => {
    const coerced = coercion.prepare({ schema, document, variableValues: rawVariables, operationName });
    const variables = getVariableValues(coerced?.schema ?? schema, variableDefinitions, coerced?.variableValues ?? rawVariables ?? {}, {
      maxErrors: 50,
    });
    return variables.coerced;
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
      // Answers are plain objects, on which this key would set the prototype instead of a field.
      if (responseKey === '__proto__') throw new NotPrepared();
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
