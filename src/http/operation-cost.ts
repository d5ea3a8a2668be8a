import { getNullableType, isListType } from 'graphql';
import type { OperationAnalysis } from '../planner/analyze.js';
import type { Batchable } from '../schema/batchable.js';

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
 * same response key merged, as execution merges them (see `analyze`). What does not depend on the
 * variables (the fields, their widths, arguments written out in the document) was counted once
 * by the analysis; this reads the variables.
 *
 * Runs before validation: whatever does not coerce or resolve costs nothing here, because
 * execution will refuse it too.
 *
 * ```ts
 * operationCost(analyze(schema, parse('mutation($r: [BatchRequestInput!]! = [...]) { batch(requests: $r) { __typename } }'), null), {})
 * // → { mutationFields: 1, batchRequests: 2000, writes: 2000, resources: [...2000 keys], representations: [], answerFields: 2000 }
 * ```
 */
export function operationCost(
  analysis: OperationAnalysis | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  { maxWrites }: { maxWrites: number } = { maxWrites: Number.POSITIVE_INFINITY },
): OperationCost {
  if (!analysis?.runnable) return NO_COST;
  let values: Record<string, unknown> | undefined;
  const valuesOf = () => (values ??= analysis.valuesAsSent(rawVariables));
  const fields = analysis.fields ?? analysis.fieldsFor(valuesOf()!).fields;

  const cost: OperationCost = { mutationFields: 0, batchRequests: 0, writes: 0, resources: [], representations: [], answerFields: 0 };
  const writing: Array<{ batchable: Batchable; args: Record<string, unknown> }> = [];
  for (const field of fields) {
    const { name, definition, width, batchable } = field;
    if (name === '__typename') continue;
    if (!definition) {
      // `__schema` and `__type` answer lists of the schema's types and fields: 999 aliases of
      // `__schema { types { fields { name } } }` (44 KB) held the event loop for 0.6 s.
      cost.answerFields += width * (name === '__schema' || name === '__type' ? Object.keys(analysis.schema.getTypeMap()).length : 1);
      continue;
    }
    if (analysis.operation.operation === 'mutation') cost.mutationFields++;
    if (!batchable && name !== '_entities') {
      cost.answerFields += width;
      continue;
    }
    // Undefined: execution refuses this field's arguments the same way; it starts nothing.
    const args = analysis.argumentsOf(field, valuesOf);
    if (!args) continue;
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
    const list = isListType(getNullableType(definition.type));
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
