import { collectFields } from '@graphql-tools/utils';
import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type VariableDefinitionNode,
  getOperationAST,
  getVariableValues,
  visit,
} from 'graphql';
import { BATCHABLE } from '../schema/batchable.js';

export interface RootField {
  responseKey: string;
  nodes: FieldNode[];
}

/**
 * Root fields run by one execution. A concurrent step's fields all start in the same turn, so
 * their writes reach the batcher together; any other field is a step of its own.
 */
export interface Step {
  concurrent: boolean;
  fields: RootField[];
  /** The operation's variable definitions this step's execution coerces: all of them for a single step, else those its fields use. */
  variableDefinitions: readonly VariableDefinitionNode[];
  /** The step as an executable document: its fields as the whole selection, plus the fragments. */
  document: DocumentNode;
}

/**
 * The root fields of a mutation in document order, in steps. A step of batchable fields is run
 * concurrently so that all their writes reach the batcher in the same turn; any other field is a
 * step of its own and keeps the serial semantics the GraphQL spec gives mutations.
 */
export interface MutationPlan {
  operation: OperationDefinitionNode;
  steps: Step[];
}

/**
 * Plans a mutation for concurrent execution, or returns `null` when plain execution is as good or
 * must be used: not a mutation, fewer than two batchable fields in a row, variables that do not
 * coerce (plain execution reports them), or `@defer`/`@stream` in the document.
 *
 * Plans are cached per parsed document (Yoga caches those by source text), so an operation sent
 * again with new variables is not walked again: only a document with `@skip`/`@include` is
 * planned per request, since its fields depend on the variables.
 */
export function planMutation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): MutationPlan | null {
  if (!schema.getMutationType()) return null;
  const traits = traitsOf(document);
  if (traits.incremental) return null;
  if (!traits.conditional) {
    let plans = traits.plans.get(schema);
    if (!plans) traits.plans.set(schema, (plans = new Map()));
    let plan = plans.get(operationName ?? '');
    if (plan === undefined) plans.set(operationName ?? '', (plan = buildPlan(schema, document, operationName, {})));
    // A single step's execution coerces every variable itself and refuses the operation whole.
    // Several steps must be refused before the first one runs, so they are checked here.
    if (plan && plan.steps.length > 1 && !coerce(schema, plan.operation, rawVariables)) return null;
    return plan;
  }
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.MUTATION) return null;
  // Every variable is coerced up front, not only those of @skip/@include: an operation with any
  // invalid variable must be refused whole, as plain execution refuses it, before any field runs.
  const coerced = coerce(schema, operation, rawVariables);
  return coerced ? buildPlan(schema, document, operationName, coerced) : null;
}

function coerce(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
): Record<string, unknown> | undefined {
  return getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}).coerced;
}

function buildPlan(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): MutationPlan | null {
  const operation = getOperationAST(document, operationName);
  const mutationType = schema.getMutationType();
  if (operation?.operation !== OperationTypeNode.MUTATION || !mutationType) return null;

  const fragmentDefinitions = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const fragments = Object.fromEntries(fragmentDefinitions.map((d) => [d.name.value, d]));
  const { fields } = collectFields(schema, fragments, variables, mutationType, operation.selectionSet);
  const definitions = mutationType.getFields();

  const groups: Array<{ concurrent: boolean; fields: RootField[] }> = [];
  for (const [responseKey, nodes] of fields) {
    const name = nodes[0]!.name.value;
    const concurrent = name === '__typename' || Boolean(definitions[name]?.extensions?.[BATCHABLE]);
    const last = groups.at(-1);
    if (concurrent && last?.concurrent) last.fields.push({ responseKey, nodes });
    else groups.push({ concurrent, fields: [{ responseKey, nodes }] });
  }
  if (!groups.some((group) => group.concurrent && group.fields.length > 1)) return null;

  const all = operation.variableDefinitions ?? [];
  const steps = groups.map((group): Step => {
    // Each step coerces only its own variables: coercing all of them in every step would cost
    // steps × variables coercions.
    const used = groups.length === 1 ? undefined : variablesUsedBy(group.fields, fragments);
    const variableDefinitions = used ? all.filter((d) => used.has(d.variable.name.value)) : all;
    const selections = group.fields.flatMap((field) => field.nodes);
    return {
      ...group,
      variableDefinitions,
      document: {
        kind: Kind.DOCUMENT,
        definitions: [
          { ...operation, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections } },
          ...fragmentDefinitions,
        ],
      },
    };
  });
  return { operation, steps };
}

function variablesUsedBy(fields: RootField[], fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const collect = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  const nodes = fields.flatMap((field) => field.nodes);
  nodes.forEach(collect);
  for (const name of reachableFragments(nodes, fragments)) collect(fragments[name]!);
  return used;
}

/** The names of the fragments `nodes` spread, directly or through other fragments. */
function reachableFragments(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const reached = new Set<string>();
  const walk = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (!reached.has(name) && fragments[name]) {
          reached.add(name);
          walk(fragments[name]);
        }
      },
    });
  nodes.forEach(walk);
  return reached;
}

interface DocumentTraits {
  /** `@defer` or `@stream` somewhere: such documents run as plain execution. */
  incremental: boolean;
  /** `@skip` or `@include` somewhere: which root fields run depends on the variables. */
  conditional: boolean;
  plans: WeakMap<GraphQLSchema, Map<string, MutationPlan | null>>;
}

const traits = new WeakMap<DocumentNode, DocumentTraits>();

/** One walk per distinct document: Yoga caches parsed documents by their source text. */
function traitsOf(document: DocumentNode): DocumentTraits {
  let found = traits.get(document);
  if (!found) {
    const seen: DocumentTraits = { incremental: false, conditional: false, plans: new WeakMap() };
    visit(document, {
      Directive(node) {
        const name = node.name.value;
        if (name === 'defer' || name === 'stream') seen.incremental = true;
        if (name === 'skip' || name === 'include') seen.conditional = true;
        return seen.incremental ? BREAK : undefined;
      },
    });
    traits.set(document, (found = seen));
  }
  return found;
}
