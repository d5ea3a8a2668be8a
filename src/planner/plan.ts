import {
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type VariableDefinitionNode,
  getVariableValues,
} from 'graphql';
import type { OperationAnalysis, RootField } from './analyze.js';

/**
 * Root fields run by one execution. A concurrent step's fields all start in the same turn, so
 * their writes reach the batcher together; any other field is a step of its own.
 */
export interface Step {
  concurrent: boolean;
  fields: RootField[];
  /** The operation's variable definitions this step's execution coerces: all of them for a single step, else those its fields use. */
  variableDefinitions: readonly VariableDefinitionNode[];
  /**
   * The step as an executable document: its fields as the whole selection, plus the fragments. A
   * concurrent step's operation is a query, to run against the schema whose query root is the
   * mutation type: graphql-js starts a query's root fields together.
   */
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
 * The analysis holds the plan of an operation whose root fields no `@skip`/`@include` decides, so
 * such an operation sent again with new variables is not planned again; the others are planned
 * per request, from the fields their variables select.
 *
 * ```ts
 * planMutation(analyze(schema, parse('mutation { a: deleteEvent(...) { __typename } b: deleteEvent(...) { __typename } }'), null), {})
 * // → { operation, steps: [{ concurrent: true, fields: [a, b], ... }] }
 * ```
 */
export function planMutation(
  analysis: OperationAnalysis | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): MutationPlan | null {
  if (analysis?.operation.operation !== OperationTypeNode.MUTATION || analysis.document.incremental) return null;
  let plan = analysis.plan;
  if (!analysis.fields) {
    const values = analysis.valuesAsSent(rawVariables);
    if (!values) return null;
    const { fields, undecided } = analysis.fieldsFor(values);
    if (undecided) return null;
    plan = planFields(analysis, fields);
  }
  // A single step's execution coerces every variable itself and refuses the operation whole.
  // Several steps must be refused before the first one runs, so they are checked here.
  if (plan && plan.steps.length > 1 && !coerces(analysis.schema, plan.operation, rawVariables)) return null;
  return plan;
}

function coerces(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
): boolean {
  return getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}).coerced !== undefined;
}

/** The plan of a mutation's root fields (see `planMutation`), or null when no two batchable ones are neighbours. */
export function planFields(analysis: OperationAnalysis, fields: readonly RootField[]): MutationPlan | null {
  const { operation } = analysis;
  if (operation.operation !== OperationTypeNode.MUTATION) return null;
  const groups: Array<{ concurrent: boolean; fields: RootField[] }> = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (field.concurrent && last?.concurrent) last.fields.push(field);
    else groups.push({ concurrent: field.concurrent, fields: [field] });
  }
  if (!groups.some((group) => group.concurrent && group.fields.length > 1)) return null;

  const fragments = [...analysis.document.fragments.values()];
  const all = operation.variableDefinitions ?? [];
  const steps = groups.map((group): Step => {
    // Each step coerces only its own variables: coercing all of them in every step would cost
    // steps × variables coercions.
    const used = groups.length === 1 ? undefined : analysis.variablesUsedBy(group.fields);
    const variableDefinitions = used ? all.filter((d) => used.has(d.variable.name.value)) : all;
    const selections = group.fields.flatMap((field) => field.nodes);
    const stepOperation: OperationDefinitionNode = {
      ...operation,
      operation: group.concurrent ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION,
      variableDefinitions,
      selectionSet: { kind: Kind.SELECTION_SET, selections },
    };
    return { ...group, variableDefinitions, document: { kind: Kind.DOCUMENT, definitions: [stepOperation, ...fragments] } };
  });
  return { operation, steps };
}
