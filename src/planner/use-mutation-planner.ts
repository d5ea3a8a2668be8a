import type { ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type MutationPlan, planMutation, type RootField } from './plan.js';

type Execute = (args: ExecutionArgs) => unknown;

/**
 * graphql-js runs a mutation's root fields one after another: field N+1's resolver is called only
 * when field N is complete, so a resolver-level DataLoader would send each write alone. This
 * plugin runs each batchable root field as its own single-field execution, all started in the
 * same turn, so their writes meet in the batcher. Every field still goes through its own
 * argument coercion and resolver (and whatever wraps it) before anything is sent.
 *
 * The merged result is the one plain execution would give: `data` keys in document order,
 * `errors` in document order with their usual paths.
 */
export function useMutationPlanner(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const plan = planMutation(args.schema, args.document, args.operationName, args.variableValues);
      if (plan) setExecuteFn((planned) => executePlan(plan, planned, executeFn as Execute));
    },
  };
}

async function executePlan(plan: MutationPlan, args: ExecutionArgs, execute: Execute): Promise<ExecutionResult> {
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const run = async ({ nodes, variableDefinitions }: RootField): Promise<ExecutionResult> => {
    const operation = { ...plan.operation, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET as const, selections: nodes } };
    const result = await execute({ ...args, document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } });
    if (!isExecutionResult(result))
      throw new Error('useMutationPlanner: a planned field answered with a stream; incremental delivery must not be planned.');
    return result;
  };

  const results: ExecutionResult[] = [];
  for (const step of plan.steps) {
    if (step.concurrent) results.push(...(await Promise.all(step.fields.map(run))));
    else for (const field of step.fields) results.push(await run(field));
  }
  return merge(results);
}

function merge(results: ExecutionResult[]): ExecutionResult {
  const errors: GraphQLError[] = [];
  let data: Record<string, unknown> | null = {};
  for (const result of results) {
    if (result.errors) errors.push(...result.errors);
    // A non-null root field that failed nulls the whole `data`, as in plain execution.
    if (result.data == null) data = null;
    else if (data) Object.assign(data, result.data);
  }
  return errors.length > 0 ? { data, errors } : { data };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}
