import type { ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { Kind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
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
    if (step.concurrent) {
      // allSettled: a field that throws must not hide the answers of writes already sent.
      const settled = await Promise.allSettled(step.fields.map(run));
      settled.forEach((outcome, i) =>
        results.push(outcome.status === 'fulfilled' ? outcome.value : failed(step.fields[i]!, outcome.reason)),
      );
    } else {
      for (const field of step.fields) {
        const result = await run(field).catch((error: unknown) => failed(field, error));
        results.push(result);
        // As in plain serial execution: once `data` is null, later root fields are not run.
        if (result.data === null) return merge(results);
      }
    }
    if (results.some((r) => r.data === null)) return merge(results);
  }
  return merge(results);
}

/** An execution that threw instead of answering: an error at that field's path, as graphql-js would report it. */
function failed(field: RootField, error: unknown): ExecutionResult {
  const message = error instanceof Error ? error.message : String(error);
  const path = [field.responseKey];
  return {
    data: { [field.responseKey]: null },
    errors: [createGraphQLError(message, { path, originalError: error instanceof Error ? error : undefined })],
  };
}

function merge(results: ExecutionResult[]): ExecutionResult {
  const errors: GraphQLError[] = [];
  let data: Record<string, unknown> | null = {};
  let extensions: Record<string, unknown> | undefined;
  for (const result of results) {
    if (result.errors) errors.push(...result.errors);
    if (result.extensions) extensions = { ...extensions, ...result.extensions };
    // A non-null root field that failed nulls the whole `data`, as in plain execution.
    if (result.data == null) data = null;
    else if (data) Object.assign(data, result.data);
  }
  return { data, ...(errors.length > 0 && { errors }), ...(extensions && { extensions }) };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}
