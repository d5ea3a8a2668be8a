import { collectFields } from '@graphql-tools/utils';
import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
  getOperationAST,
  getVariableValues,
  visit,
} from 'graphql';

/** Root mutation fields that only enqueue calendar writes carry this in their extensions. */
export const BATCHABLE = 'batchable';

export interface RootField {
  responseKey: string;
  nodes: FieldNode[];
  /** The operation's variable definitions this field uses, directly or through fragments. */
  variableDefinitions: VariableDefinitionNode[];
}

/**
 * The root fields of a mutation in document order, in steps. A step of batchable fields is run
 * concurrently so that all their writes reach the batcher in the same turn; any other field is a
 * step of its own and keeps the serial semantics the GraphQL spec gives mutations.
 */
export interface MutationPlan {
  operation: OperationDefinitionNode;
  steps: Array<{ concurrent: boolean; fields: RootField[] }>;
}

/**
 * Plans a mutation for concurrent execution, or returns `null` when plain execution is as good or
 * must be used: not a mutation, fewer than two batchable fields in a row, variables that do not
 * coerce (plain execution reports them), or `@defer`/`@stream` in the document.
 */
export function planMutation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): MutationPlan | null {
  const operation = getOperationAST(document, operationName);
  const mutationType = schema.getMutationType();
  if (operation?.operation !== 'mutation' || !mutationType || hasIncrementalDelivery(document)) return null;

  // Every variable is coerced up front, not only those of @skip/@include: an operation with any
  // invalid variable must be refused whole, as plain execution refuses it, before any field runs.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;

  const fragments = Object.fromEntries(
    document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])),
  );
  const { fields } = collectFields(schema, fragments, coerced.coerced, mutationType, operation.selectionSet);
  const definitions = mutationType.getFields();

  const steps: MutationPlan['steps'] = [];
  let widest = 0;
  for (const [responseKey, nodes] of fields) {
    const name = nodes[0]!.name.value;
    const concurrent = name === '__typename' || definitions[name]?.extensions?.[BATCHABLE] === true;
    // Each single-field execution coerces only its own variables: coercing all of them in every
    // field would make an operation of N fields cost N² coercions.
    const used = variablesUsedBy(nodes, fragments);
    const field = {
      responseKey,
      nodes,
      variableDefinitions: (operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value)),
    };
    const last = steps.at(-1);
    if (concurrent && last?.concurrent) last.fields.push(field);
    else steps.push({ concurrent, fields: [field] });
    widest = Math.max(widest, steps.at(-1)!.fields.length);
  }
  return widest > 1 ? { operation, steps } : null;
}

const variablesOfNode = new WeakMap<FieldNode, Set<string>>();

/** Cached per field node: Yoga caches parsed documents, so a repeated operation walks nothing. */
function variablesUsedBy(nodes: FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  if (nodes.length === 1) {
    let used = variablesOfNode.get(nodes[0]!);
    if (!used) variablesOfNode.set(nodes[0]!, (used = walkVariables(nodes, fragments)));
    return used;
  }
  return walkVariables(nodes, fragments);
}

function walkVariables(nodes: FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const seenFragments = new Set<string>();
  const walk = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
      FragmentSpread(spread) {
        const fragment = fragments[spread.name.value];
        if (fragment && !seenFragments.has(spread.name.value)) {
          seenFragments.add(spread.name.value);
          walk(fragment);
        }
      },
    });
  nodes.forEach(walk);
  return used;
}

const incremental = new WeakMap<DocumentNode, boolean>();

/** Yoga caches parsed documents, so this walk happens once per distinct document. */
function hasIncrementalDelivery(document: DocumentNode): boolean {
  let found = incremental.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Directive(node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    });
    incremental.set(document, found);
  }
  return found;
}
