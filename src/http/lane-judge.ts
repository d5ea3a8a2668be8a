import { getNullableType, isListType } from 'graphql';
import { MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import type { OperationAnalysis } from '../planner/analyze.js';
import type { VariablesShape } from './variables-shape.js';
import { callsRefusal, type Refusal, type RequestLimits, variablesRefusal } from './use-request-limits.js';

/**
 * The request limits' judgment of one trusted lane operation (`requestLimitsJudge` on it alone),
 * with what does not depend on the variables judged once, when the manifest loads: its mutation
 * fields and the widest answer it can give. A request then judges only its variables' shape
 * (`limitsShapeOf`) and the Cronofy calls its writes need, which its ids decide (writes to one
 * event go in calls of their own). Same refusals, in the same words.
 *
 * Undefined when the fixed part could refuse (too many mutation fields, an answer that could be
 * too wide): such an operation is left to Yoga, whose `useRequestLimits` refuses it.
 *
 * ```ts
 * const judge = laneJudge(analysis, limits, limitsShapeOf(schema, limits)); // at manifest load
 * const refusal = judge?.(params.variables);
 * ```
 */
export function laneJudge(
  analysis: OperationAnalysis,
  limits: RequestLimits,
  shape: VariablesShape,
): ((variables: Record<string, unknown> | undefined) => Refusal | undefined) | undefined {
  const fields = analysis.fields;
  if (!analysis.runnable || !fields || analysis.operation.operation !== 'mutation') return undefined;
  let mutationFields = 0;
  let widest = 0;
  for (const field of fields) {
    // Only batchable writes answering one value: `operationCost` counts one answer each, and no `batch` requests.
    if (!field.definition || !field.batchable || isListType(getNullableType(field.definition.type))) return undefined;
    mutationFields++;
    widest += field.width;
  }
  if (mutationFields > limits.mutationFields || widest > limits.answerFields) return undefined;
  const maxWrites = limits.callsPerRequest * MAX_BATCH_ENTRIES;

  return (variables) => {
    const refusal = variables ? variablesRefusal(variables, shape) : undefined;
    if (refusal) return refusal;
    let values: Record<string, unknown> | undefined;
    const valuesOf = () => (values ??= analysis.valuesAsSent(variables));
    // As `operationCost`: a field whose arguments do not coerce writes nothing (execution refuses it).
    const writing: Array<{ field: (typeof fields)[number]; args: Record<string, unknown> }> = [];
    let writes = 0;
    for (const field of fields) {
      const args = analysis.argumentsOf(field, valuesOf);
      if (!args) continue;
      try {
        writes += field.batchable!.count(args);
      } catch {
        continue;
      }
      writing.push({ field, args });
    }
    const resources: string[] = [];
    if (writes <= maxWrites) {
      for (const { field, args } of writing) {
        const batchable = field.batchable!;
        let named: string[];
        try {
          named = batchable.resources(args);
        } catch {
          named = Array.from({ length: batchable.count(args) }, (_, i) => `unreadable:${resources.length + i}`);
        }
        for (const resource of named) resources.push(resource);
      }
    }
    return callsRefusal(writes, resources, limits);
  };
}
