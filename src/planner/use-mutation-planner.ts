import { type ExecutionArgs, type ExecutionResult, type GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type AnalysisCache, analysisCache, analyze } from './analyze.js';
import { type MutationPlan, planMutation, type Step } from './plan.js';

export type Execute = (args: ExecutionArgs) => unknown;

/**
 * graphql-js runs a mutation's root fields one after another: field N+1's resolver is called only
 * when field N is complete, so a resolver-level DataLoader would send each write alone. This
 * plugin runs each step of batchable root fields as one execution whose root fields start
 * together, as a query's do, so their writes meet in the batcher. Every field still goes through
 * its own argument coercion and resolver (and whatever wraps it) before anything is sent.
 *
 * ```ts
 * const analyses = analysisCache(); // shared with useRequestLimits, so each document is analysed once
 * createYoga({ schema, plugins: [useMutationPlanner({ analyses })] });
 * ```
 *
 * The result is the one plain execution would give: `data` keys in document order, `errors` in
 * document order with their usual paths.
 */
export function useMutationPlanner({ analyses = analysisCache() }: { analyses?: AnalysisCache } = {}): Plugin {
  const concurrentSchemaOf = concurrentSchemas();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const plan = planMutation(analyze(args.schema, args.document, args.operationName, analyses), args.variableValues);
      if (plan) setExecuteFn((planned) => executePlan(plan, planned, executeFn as Execute, concurrentSchemaOf));
    },
  };
}

/**
 * For each schema, the same types with the mutation type as the query root: graphql-js starts a
 * query's root fields together, and that is all that changes. Built once per schema.
 */
export function concurrentSchemas(): (schema: GraphQLSchema) => GraphQLSchema {
  const built = new WeakMap<GraphQLSchema, GraphQLSchema>();
  return (schema) => {
    let concurrent = built.get(schema);
    if (!concurrent) {
      concurrent = new GraphQLSchema({ ...schema.toConfig(), query: schema.getMutationType(), mutation: null, subscription: null });
      built.set(schema, concurrent);
    }
    return concurrent;
  };
}

/**
 * Runs `plan` (from `planMutation` for `args`) step by step with `execute`, as `useMutationPlanner`
 * does inside Yoga; the trusted lane calls it directly.
 */
export async function executePlan(
  plan: MutationPlan,
  args: ExecutionArgs,
  execute: Execute,
  concurrentSchemaOf: (schema: GraphQLSchema) => GraphQLSchema,
): Promise<ExecutionResult> {
  const run = async (step: Step): Promise<ExecutionResult> => {
    const result = await execute({
      ...args,
      schema: step.concurrent ? concurrentSchemaOf(args.schema) : args.schema,
      document: step.document,
    });
    if (!isExecutionResult(result))
      throw new Error('useMutationPlanner: a planned step answered with a stream; incremental delivery must not be planned.');
    return inDocumentOrder(result, step);
  };
  if (plan.steps.length === 1) return run(plan.steps[0]!);
  const results: ExecutionResult[] = [];
  for (const step of plan.steps) {
    const result = await run(step);
    results.push(result);
    // As in plain serial execution: once `data` is null, later root fields are not run.
    if (result.data === null) break;
  }
  return mergeStepResults(results);
}

/** Fields that run together may fail in any order; plain execution reports them in document order. */
function inDocumentOrder(result: ExecutionResult, step: Step): ExecutionResult {
  if (!result.errors || result.errors.length < 2 || step.fields.length < 2) return result;
  const order = new Map(step.fields.map((field, index) => [field.responseKey, index]));
  const position = (error: GraphQLError) => order.get(String(error.path?.[0])) ?? -1;
  return { ...result, errors: [...result.errors].sort((a, b) => position(a) - position(b)) };
}

function mergeStepResults(results: ExecutionResult[]): ExecutionResult {
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
  // In graphql-js' order: `errors` first.
  return { ...(errors.length > 0 && { errors }), data, ...(extensions && { extensions }) };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}
