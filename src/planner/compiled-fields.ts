import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  BREAK,
  getNamedType,
  getNullableType,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  locatedError,
  type OperationDefinitionNode,
  OperationTypeNode,
  print,
  type SelectionSetNode,
  typeFromAST,
  type VariableDefinitionNode,
  visit,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { createRequire } from 'node:module';
import { reachableFragments, type RootField, type Step } from './plan.js';

// graphql-jit's ES build of this module does not load (extensionless imports); its CommonJS one does.
const { compileVariableParsing } = createRequire(import.meta.url)(
  'graphql-jit/dist/variables',
) as typeof import('graphql-jit/dist/variables');

/**
 * The root fields of a concurrent step, each run by a compiled query (graphql-jit) shared by
 * every field of the same *shape*: the field with its alias, variable names and root `@skip` /
 * `@include` taken out. Fifty `upsertEvent(input: $eN) { ... }` fields are one shape, so one
 * small compiled function runs fifty times and the JIT optimises it; one compiled query for
 * the whole step would be one huge function that V8 never optimises, and graphql-js coerces a
 * variable of a 20-field input type in about 6 µs where the compiled parser takes a fraction.
 *
 * ```ts
 * const compiled = compileStep(concurrentSchema, step);
 * const run = compiled && runCompiledStep(compiled, rootValue, contextValue, variableValues);
 * // 'refused': graphql-js would refuse a variable; run the step with graphql-js, which reports it.
 * // 'evicted': a shape left the bounded cache; run it with graphql-js and compile the step again later.
 * ```
 *
 * The answer is the one graphql-js gives: `data` under each field's response key, errors with
 * that key at the head of their path and the locations of the caller's own document.
 *
 * Compiled shapes live only in a cache of at most 500 per schema (about 33 KB each), so their
 * memory is bounded whatever documents callers send; a step whose fields do not share shapes is
 * not compiled, since compiling pays only through sharing, and neither is any field with a value
 * literal (see `outsideWhatCompilesAlike`): callers' values reach compiled code only as variables.
 */
export interface CompiledStep {
  fields: CompiledField[];
  /** The step's distinct shapes, kept recent in the cache on every run. */
  keys: string[];
  cache: ShapeCache;
  /** The step's fragments by name, to locate errors in the caller's document. */
  fragments: Record<string, FragmentDefinitionNode>;
}

interface CompiledField {
  field: RootField;
  /** The printed shape: its key in the cache. */
  key: string;
  /** The shape's variable names, each with the operation's variable it stands for. */
  variables: Array<[shapeName: string, operationName: string]>;
}

interface Shape {
  query: (root: unknown, context: unknown, variables: Record<string, unknown>) => ExecutionResult | Promise<ExecutionResult>;
  /** True when graphql-js would refuse the variables: checked for every field before any resolver starts. */
  refuses: (variables: Record<string, unknown>) => boolean;
}

/** The response key every shape answers under. */
const KEY = 'field';

/** Shapes kept per schema, most recently used last. */
const MAX_SHAPES = 500;

/**
 * The longest printed shape compiled. graphql-jit's code repeats every alias several times (about
 * five times the document), so a caller's megabyte-long aliases would make each cached shape tens
 * of megabytes; a field of a real client prints to a few hundred characters.
 */
const MAX_SHAPE_CHARS = 4096;

type ShapeCache = Map<string, Shape | null>;

const caches = new WeakMap<GraphQLSchema, ShapeCache>();

/**
 * Compiles every field of `step`, or returns null when that would not pay (fewer than two fields
 * per shape on average) or cannot be done (graphql-jit refuses a shape, or its variables hold a
 * `@oneOf` input, which graphql-jit does not check).
 */
export function compileStep(schema: GraphQLSchema, step: Step): CompiledStep | null {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of step.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const normalized = step.fields.map((field) => ({ field, ...normalize(field, step.variableDefinitions, fragments) }));
  const documents = new Map<string, DocumentNode>();
  const fields: CompiledField[] = [];
  for (const { field, document, variables } of normalized) {
    // A plain object drops a `__proto__` key when the answers are merged; graphql-js keeps it.
    if (!document || field.responseKey === '__proto__') return null;
    const key = print(document);
    if (key.length > MAX_SHAPE_CHARS) return null;
    documents.set(key, document);
    fields.push({ field, key, variables });
  }
  if (documents.size * 2 > fields.length) return null;
  let cache = caches.get(schema);
  if (!cache) caches.set(schema, (cache = new Map()));
  for (const [key, document] of documents) {
    const shape = cache.get(key) ?? (cache.has(key) ? null : compileShape(schema, document));
    // Set again, so that it is the most recently used.
    cache.delete(key);
    cache.set(key, shape);
    if (!shape) return null;
  }
  while (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
  const keys = [...documents.keys()];
  return keys.every((key) => cache.has(key)) ? { fields, keys, cache, fragments } : null;
}

/**
 * Runs the step's fields together, in document order, after checking all their variables. Runs
 * nothing, and says why, when graphql-js would refuse a variable or a shape has left the cache.
 */
export function runCompiledStep(
  step: CompiledStep,
  rootValue: unknown,
  contextValue: unknown,
  rawVariables: Readonly<Record<string, unknown>> | null | undefined,
): Promise<ExecutionResult> | 'refused' | 'evicted' {
  const shapes = new Map<string, Shape>();
  for (const key of step.keys) {
    const shape = step.cache.get(key);
    if (!shape) return 'evicted';
    // Most recently used last: the cache drops from the front.
    step.cache.delete(key);
    step.cache.set(key, shape);
    shapes.set(key, shape);
  }
  const raw = rawVariables ?? {};
  const inputs = step.fields.map(({ variables }) => {
    const input: Record<string, unknown> = {};
    for (const [shapeName, operationName] of variables) {
      // Absent stays absent, so a variable's default and "not provided" keep their meaning.
      if (Object.hasOwn(raw, operationName)) input[shapeName] = raw[operationName];
    }
    return input;
  });
  const fieldShapes = step.fields.map(({ key }) => shapes.get(key)!);
  if (fieldShapes.some((shape, index) => shape.refuses(inputs[index]!))) return 'refused';
  const runs = fieldShapes.map((shape, index) => shape.query(rootValue, contextValue, inputs[index]!));
  return Promise.all(runs).then((results) => merge(step, results));
}

function merge(step: CompiledStep, results: ExecutionResult[]): ExecutionResult {
  let data: Record<string, unknown> | null = {};
  const errors: GraphQLError[] = [];
  results.forEach((result, index) => {
    const { field } = step.fields[index]!;
    for (const error of result.errors ?? []) errors.push(relocate(error, field, step.fragments));
    // As in graphql-js: a non-null root field that failed nulls the whole `data`.
    if (result.data == null) data = null;
    else if (data) data[field.responseKey] = (result.data as Record<string, unknown>)[KEY];
  });
  // In graphql-js' order: `errors` first.
  return errors.length > 0 ? { errors, data } : { data };
}

/** The error as graphql-js reports it: under the field's own response key, at the caller's locations. */
function relocate(error: GraphQLError, field: RootField, fragments: Record<string, FragmentDefinitionNode>): GraphQLError {
  const path = [field.responseKey, ...(error.path ?? []).slice(1)];
  const nodes = nodesAt(field.nodes, path.slice(1), fragments);
  const original = error.originalError;
  if (original) return locatedError(original, nodes, path);
  return new GraphQLError(error.message, { nodes, path, ...(error.extensions && { extensions: error.extensions }) });
}

/** The field nodes a response path leads to below `nodes`; the deepest found when the path leaves the document. */
function nodesAt(
  nodes: readonly FieldNode[],
  path: ReadonlyArray<string | number>,
  fragments: Record<string, FragmentDefinitionNode>,
): FieldNode[] {
  let current = [...nodes];
  for (const key of path) {
    if (typeof key === 'number') continue;
    const next = current.flatMap((node) => (node.selectionSet ? fieldsIn(node.selectionSet, key, fragments) : []));
    if (next.length === 0) break;
    current = next;
  }
  return current;
}

function fieldsIn(selectionSet: SelectionSetNode, responseKey: string, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return (selection.alias ?? selection.name).value === responseKey ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsIn(selection.selectionSet, responseKey, fragments);
    const fragment = fragments[selection.name.value];
    return fragment ? fieldsIn(fragment.selectionSet, responseKey, fragments) : [];
  });
}

/**
 * The field as a query of its own: aliased `field`, its root `@skip`/`@include` dropped (the plan
 * already kept only included nodes), its variables renamed `v0`, `v1`, … in order of first use,
 * with the fragments it reaches in name order. Fields that differ only in what was taken out print
 * the same.
 */
function normalize(
  field: RootField,
  definitions: readonly VariableDefinitionNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): { document: DocumentNode; variables: Array<[string, string]> } | { document: null; variables: [] } {
  const names = new Map<string, string>();
  const rename = <T extends FieldNode | FragmentDefinitionNode>(node: T): T =>
    visit(node, {
      Variable(variable) {
        let name = names.get(variable.name.value);
        if (name === undefined) names.set(variable.name.value, (name = `v${names.size}`));
        return { ...variable, name: { ...variable.name, value: name } };
      },
    });
  const roots = field.nodes.map((node) =>
    rename({
      ...node,
      alias: { kind: Kind.NAME, value: KEY },
      directives: node.directives?.filter((d) => d.name.value !== 'skip' && d.name.value !== 'include'),
    } as FieldNode),
  );
  const reached = [...reachableFragments(field.nodes, fragments)].sort().map((name) => rename(fragments[name]!));

  const variableDefinitions: VariableDefinitionNode[] = [];
  for (const [operationName, shapeName] of names) {
    const definition = definitions.find((d) => d.variable.name.value === operationName);
    if (!definition) return { document: null, variables: [] };
    variableDefinitions.push({ ...definition, variable: { ...definition.variable, name: { kind: Kind.NAME, value: shapeName } } });
  }
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions,
        directives: [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: roots },
      },
      ...reached,
    ],
  };
  return { document, variables: [...names].map(([operationName, shapeName]) => [shapeName, operationName]) };
}

function compileShape(schema: GraphQLSchema, document: DocumentNode): Shape | null {
  const [operation] = document.definitions;
  const definitions = operation?.kind === Kind.OPERATION_DEFINITION ? (operation.variableDefinitions ?? []) : [];
  for (const definition of definitions) {
    const type = typeFromAST(schema, definition.type);
    if (!type || holdsOneOf(type as GraphQLInputType)) return null;
  }
  if (operation?.kind !== Kind.OPERATION_DEFINITION || outsideWhatCompilesAlike(schema, document, operation)) return null;
  try {
    const compiled = compileQuery(schema, document);
    if (!isCompiledQuery(compiled)) return null;
    return { query: compiled.query, refuses: compileVariables(schema, definitions).refuses };
  } catch {
    // Whatever graphql-jit cannot compile, graphql-js runs.
    return null;
  }
}

/** Value literals: graphql-jit writes them into the code it generates. */
const LITERALS = new Set<string>([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/**
 * Where compiling is unsafe or answers differently from graphql-js, found by sending the same
 * documents down both paths:
 * - any value literal (an argument, a default, a directive argument): graphql-jit writes literals
 *   into the generated code and turns some strings back into code (`__MAGIC_DATE__…` becomes
 *   `new Date(…)`), so a caller's string would run on the server; a variable inside a literal
 *   input is also sent as an explicit null when omitted, which clears the field upstream;
 * - a nullable variable (its error at a non-null argument is located at the field);
 * - a root list whose items settle at different times (`batch`: the list comes back too long or
 *   too short);
 * - the alias `__proto__` (graphql-jit's result objects drop it; graphql-js' keep it; the root
 *   alias is renamed before this check, so `compileStep` looks at it).
 * Shapes with any of these are left to graphql-js. What compiles is the common case: every
 * argument a variable of a non-null type, its value passed at run time, never as code.
 */
function outsideWhatCompilesAlike(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.variableDefinitions?.some((definition) => definition.type.kind !== Kind.NON_NULL_TYPE)) return true;
  const root = schema.getQueryType()?.getFields() ?? {};
  for (const selection of operation.selectionSet.selections) {
    const definition = selection.kind === Kind.FIELD ? root[selection.name.value] : undefined;
    if (definition && isListType(getNullableType(definition.type))) return true;
  }
  let outside = false;
  visit(document, {
    enter(node) {
      const protoKey = node.kind === Kind.FIELD && node.alias?.value === '__proto__';
      if (!LITERALS.has(node.kind) && !protoKey) return undefined;
      outside = true;
      return BREAK;
    },
  });
  return outside;
}

/**
 * graphql-jit takes an empty array where an input object goes as an object with no fields set;
 * graphql-js refuses it ("Expected type … to be an object"). Such a value leaves the step to
 * graphql-js, which reports it. Found by test/compiled-coercion.test.ts.
 */
function holdsArrayAsObject(type: GraphQLInputType, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (isNonNullType(type)) return holdsArrayAsObject(type.ofType, value);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    return items.some((item) => holdsArrayAsObject(type.ofType, item));
  }
  if (!isInputObjectType(type)) return false;
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object') return false;
  return objectFieldsOf(type).some((field) => holdsArrayAsObject(field.type, (value as Record<string, unknown>)[field.name]));
}

const objectFields = new WeakMap<GraphQLInputObjectType, GraphQLInputField[]>();

/** The fields of `type` that hold input objects, at any depth of lists: the only places an array can hide. */
function objectFieldsOf(type: GraphQLInputObjectType): GraphQLInputField[] {
  let fields = objectFields.get(type);
  if (!fields) {
    fields = Object.values(type.getFields()).filter((field) => isInputObjectType(getNamedType(field.type)));
    objectFields.set(type, fields);
  }
  return fields;
}

export interface CompiledVariables {
  /** graphql-jit's coercion: `errors` set when a value does not coerce, else the `coerced` values. */
  coerce(variables: Record<string, unknown>): { coerced?: Record<string, unknown>; errors?: readonly GraphQLError[] };
  /** True exactly when graphql-js would refuse the values. */
  refuses(variables: Record<string, unknown>): boolean;
}

/**
 * The compiled coercion of `definitions`, with graphql-js' verdicts: test/compiled-coercion.test.ts
 * holds both to graphql-js for the input of every mutation.
 */
export function compileVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): CompiledVariables {
  const coerce = compileVariableParsing(schema, definitions) as CompiledVariables['coerce'];
  const typed = definitions.map((d) => [d.variable.name.value, typeFromAST(schema, d.type) as GraphQLInputType] as const);
  return {
    coerce,
    refuses: (variables) =>
      coerce(variables).errors !== undefined || typed.some(([name, type]) => holdsArrayAsObject(type, variables[name])),
  };
}

/** graphql-jit coerces a `@oneOf` input like any other, without checking that exactly one member is set. */
function holdsOneOf(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  if (isNonNullType(type) || isListType(type)) return holdsOneOf(type.ofType, seen);
  if (!isInputObjectType(type) || seen.has(type)) return false;
  seen.add(type);
  return type.isOneOf || Object.values(type.getFields()).some((field) => holdsOneOf(field.type, seen));
}
