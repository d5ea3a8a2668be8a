import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNullableType,
  getOperationAST,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isListType,
  Kind,
  type SelectionSetNode,
  typeFromAST,
  valueFromAST,
  type VariableDefinitionNode,
  isInputType,
} from 'graphql';
import { type Batchable, batchableOf } from '../schema/batchable.js';

/** What one operation will make the service do, as far as the request limits care. */
export interface OperationCost {
  /** Root fields of a mutation that will run (`__typename` aside). */
  mutationFields: number;
  /** Writes of list-answering batchable fields (`batch`), together. */
  batchRequests: number;
  /** Every write the operation will make. */
  writes: number;
  /**
   * The resource of every write, in document order (the calls they need follow from it); not
   * worked out, and empty, once `writes` is past the `maxWrites` the caller can allow.
   */
  resources: string[];
  /** Every representation handed to `_entities`, as coerced. */
  representations: unknown[];
  /**
   * Fields the answer can hold, at most: each root field's selection (fragments expanded, every
   * field of the same response key, nested fields included) once per item of the list it
   * answers when the caller sized that list (`_entities`' representations, `batch`'s requests),
   * or once per type of the schema for `__schema` and `__type`.
   */
  answerFields: number;
}

export const NO_COST: OperationCost = Object.freeze({
  mutationFields: 0,
  batchRequests: 0,
  writes: 0,
  resources: [],
  representations: [],
  answerFields: 0,
});

/**
 * What an operation will run, counted on what graphql-js will execute: its variables as sent
 * (defaults filled in), fragments expanded, `@skip`/`@include` applied, and root fields of the
 * same response key merged, as execution merges them. Each fragment is entered at most once, so
 * the walk is linear in the document whatever its spreads.
 *
 * Runs before validation: whatever does not coerce or resolve costs nothing here, because
 * execution will refuse it too.
 *
 * ```ts
 * operationCost(schema, parse('mutation($r: [BatchRequestInput!]! = [...]) { batch(requests: $r) { __typename } }'), null, {})
 * // → { mutationFields: 1, batchRequests: 2000, writes: 2000, resources: [...2000 keys], representations: [], answerFields: 2000 }
 * ```
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  { maxWrites }: { maxWrites: number } = { maxWrites: Number.POSITIVE_INFINITY },
): OperationCost {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return NO_COST;
  const coerced = variablesAsSent(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (!coerced) return NO_COST;

  const cost: OperationCost = { mutationFields: 0, batchRequests: 0, writes: 0, resources: [], representations: [], answerFields: 0 };
  const definitions = root.getFields();
  const fragments = fragmentsOf(document);
  const widthOf = selectionWidth(fragments);
  const writing: Array<{ batchable: Batchable; args: Record<string, unknown> }> = [];
  for (const [name, nodes] of rootFields(fragments, root, operation.selectionSet, coerced)) {
    const width = nodes.reduce((sum, node) => sum + 1 + widthOf(node.selectionSet), 0);
    const field = definitions[name];
    if (!field) {
      // `__schema` and `__type` answer lists of the schema's types and fields: 999 aliases of
      // `__schema { types { fields { name } } }` (44 KB) held the event loop for 0.6 s.
      cost.answerFields += width * (name === '__schema' || name === '__type' ? Object.keys(schema.getTypeMap()).length : 1);
      continue;
    }
    if (operation.operation === 'mutation') cost.mutationFields++;
    const batchable = batchableOf(field);
    if (!batchable && name !== '_entities') {
      cost.answerFields += width;
      continue;
    }
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, nodes[0]!, coerced);
    } catch {
      // Execution refuses this field's arguments the same way; it starts nothing.
      continue;
    }
    if (!batchable) {
      const representations = args.representations;
      if (Array.isArray(representations)) cost.representations.push(...representations);
      cost.answerFields += width * (Array.isArray(representations) ? representations.length : 1);
      continue;
    }
    let count: number;
    try {
      count = batchable.count(args);
    } catch {
      // Arguments as sent that execution would refuse to coerce; nothing will be written.
      continue;
    }
    cost.writes += count;
    const list = isListType(getNullableType(field.type));
    if (list) cost.batchRequests += count;
    cost.answerFields += width * (list ? count : 1);
    writing.push({ batchable, args });
  }
  // Counted first: naming every write's resource costs time, and is only needed within bounds.
  if (cost.writes <= maxWrites) {
    for (const { batchable, args } of writing) {
      let resources: string[];
      try {
        resources = batchable.resources(args);
      } catch {
        // As above: a value execution would refuse. Each write then takes a call of its own.
        resources = Array.from({ length: batchable.count(args) }, (_, i) => `unreadable:${cost.resources.length + i}`);
      }
      for (const resource of resources) cost.resources.push(resource);
    }
  }
  return cost;
}

/**
 * The variables as sent, each missing one replaced by its default value coerced. Counting needs no
 * more: coercion keeps a list's length (or refuses the operation), and ids are strings either way.
 * Full coercion here would cost as much again as execution's own (430 µs for 50 event inputs);
 * `variablesShapeProblem` has bounded the sent values already.
 */
function variablesAsSent(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  sent: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const definition of definitions) {
    const type = typeFromAST(schema, definition.type as never);
    // An unknown type is a validation error: the operation will not run.
    if (!type || !isInputType(type)) return undefined;
    const name = definition.variable.name.value;
    if (Object.hasOwn(sent, name)) values[name] = sent[name];
    else if (definition.defaultValue) values[name] = valueFromAST(definition.defaultValue, type);
  }
  return values;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The document's fragments by name; of two with one name (which validation refuses), the first. */
function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) {
      fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

/**
 * The fields a selection set holds as written, nested ones included, with every fragment spread
 * counted as its fragment's fields (each fragment's count computed once, so this is linear in the
 * document). Fields that execution merges are counted each time: an upper bound.
 */
function selectionWidth(fragments: Fragments): (set: SelectionSetNode | undefined) => number {
  const counted = new Map<string, number>();
  const fragmentWidth = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    // A cycle is refused by validation; counted as nothing meanwhile.
    counted.set(name, 0);
    const width = widthOf(fragments.get(name)?.selectionSet);
    counted.set(name, width);
    return width;
  };
  const widthOf = (set: SelectionSetNode | undefined): number => {
    let width = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) width += 1 + widthOf(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) width += widthOf(selection.selectionSet);
      else width += fragmentWidth(selection.name.value);
    }
    return width;
  };
  return widthOf;
}

/**
 * The root fields execution will run, by response key, with their field names and every node of
 * that key (the arguments of merged fields are equal, or validation refuses the document; their
 * selections add up).
 */
function rootFields(
  fragments: Fragments,
  root: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  variables: Record<string, unknown>,
): Array<[string, FieldNode[]]> {
  const byKey = new Map<string, FieldNode[]>();
  const entered = new Set<string>();
  const included = (node: { directives?: readonly unknown[] | undefined }) => {
    if (!node.directives?.length) return true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node as never, variables)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, node as never, variables)?.if !== false;
    } catch {
      return true;
    }
  };
  const matches = (typeCondition: { name: { value: string } } | undefined) =>
    typeCondition === undefined || typeCondition.name.value === root.name;
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === '__typename') continue;
        const nodes = byKey.get(key);
        if (nodes) nodes.push(selection);
        else byKey.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (matches(selection.typeCondition)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // As graphql-js collects fields: a fragment spread a second time adds nothing.
        if (entered.has(name) || !fragment || !matches(fragment.typeCondition)) continue;
        entered.add(name);
        collect(fragment.selectionSet);
      }
    }
  };
  collect(selectionSet);
  return [...byKey.values()].map((nodes) => [nodes[0]!.name.value, nodes]);
}
