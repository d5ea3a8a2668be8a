import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getOperationAST,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../config.js';

/**
 * Bounds the writes one mutation operation can start: its root fields, and the requests of its
 * `batch` fields together (one variable of 500 requests used by 500 aliased `batch` fields would
 * otherwise be 250,000 writes from a short document). Counted as written, fragments expanded and
 * `@skip`/`@include` ignored, before anything runs; an operation over either limit is refused
 * whole with `LIMIT_EXCEEDED` and nothing is sent. Armor has no counterpart: its alias limit
 * does not see variables, and the batch count depends on them, so this runs at execution (Yoga
 * caches validation per document).
 *
 * ```ts
 * createYoga({ schema, plugins: [useMutationLimits(limits), useMutationPlanner()] }); // before the planner
 * ```
 */
export function useMutationLimits(limits: Pick<Limits, 'mutationFields' | 'batchRequests'>): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const { fields, batchFields } = rootFieldsOf(args.document, operation);
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const requests = batchFields.reduce((sum, field) => sum + requestsOf(field, variables), 0);
      const problem =
        fields > limits.mutationFields
          ? `This operation has ${fields} mutation fields; one operation may have at most ${limits.mutationFields}. Send the writes as several operations.`
          : requests > limits.batchRequests
            ? `The batch fields of this operation hold ${requests} requests together; one operation may hold at most ${limits.batchRequests}. Send them as several operations.`
            : undefined;
      if (problem) {
        setResultAndStopExecution({
          errors: [createGraphQLError(problem, { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } })],
        });
      }
    },
  };
}

interface RootFields {
  fields: number;
  batchFields: FieldNode[];
}

const counted = new WeakMap<OperationDefinitionNode, RootFields>();

/** Yoga caches parsed documents, so a repeated operation is walked once. */
function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): RootFields {
  let result = counted.get(operation);
  if (!result) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const found: RootFields = { fields: 0, batchFields: [] };
    // Validation has refused fragment cycles by now, so this walk ends.
    const walk = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === '__typename') continue;
          found.fields++;
          if (selection.name.value === 'batch') found.batchFields.push(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) walk(fragment.selectionSet);
        }
      }
    };
    walk(operation.selectionSet);
    counted.set(operation, (result = found));
  }
  return result;
}

/** A list literal counts its items; a variable, the items it was sent with (one, if not a list). */
function requestsOf(field: FieldNode, variables: Record<string, unknown>): number {
  const value = field.arguments?.find((argument) => argument.name.value === 'requests')?.value;
  if (value?.kind === Kind.LIST) return value.values.length;
  if (value?.kind === Kind.VARIABLE) {
    const sent = variables[value.name.value];
    return Array.isArray(sent) ? sent.length : 1;
  }
  return 1;
}
