import { type DocumentNode, Kind, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Refuses, before graphql-js validates it, a document in which one selection set holds more than
 * `max` fields of one response key (its inline fragments' included), or spreads more than `max`
 * distinct fragments. graphql-js checks that fields of one key can merge by comparing every pair
 * of them, printing their arguments each time, and compares every pair of fragments spread in one
 * place: 400 copies of `same: deleteEvent(input: { … })` (40 KB, 8,000 tokens) held the event
 * loop for 120–250 ms and were then answered as the one write they merge into. Its own budget
 * stops the comparisons only after 500,000 of them (80–120 ms here). Under this bound a selection
 * set's own fields cost at most `max²/2` comparisons.
 *
 * ```ts
 * createYoga({ schema, plugins: [useRepeatedFieldLimit({ max: 50 })] });
 * ```
 *
 * A client has no use for a response key written dozens of times in one place; the document is
 * refused with `LIMIT_EXCEEDED`, HTTP 400, and what to do. One walk of each parsed document,
 * each selection set once, fragments not expanded.
 */
export function useRepeatedFieldLimit({ max }: { max: number }): Plugin {
  // Per parsed document, as Yoga's validation cache: a document sent again is not walked again.
  const problems = new WeakMap<DocumentNode, string | null>();
  return {
    onValidate({ params, setResult }) {
      let problem = problems.get(params.documentAST);
      if (problem === undefined) problems.set(params.documentAST, (problem = repetitionProblem(params.documentAST, max) ?? null));
      if (!problem) return;
      setResult([createGraphQLError(problem, { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } })]);
    },
  };
}

/** Why `document` repeats a response key or spreads fragments more than `max` times in one selection set, or undefined. */
export function repetitionProblem(document: DocumentNode, max: number): string | undefined {
  let problem: string | undefined;
  const check = (selectionSet: SelectionSetNode) => {
    const keys = new Map<string, number>();
    const spreads = new Set<string>();
    const collect = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (problem) return;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const count = (keys.get(key) ?? 0) + 1;
          keys.set(key, count);
          if (count > max) {
            problem = `The response key "${key.slice(0, 64)}" appears more than ${max} times in one selection set; one selection set may repeat a key at most ${max} times. Select each field once, with an alias of its own where the arguments differ.`;
          } else if (selection.selectionSet) {
            check(selection.selectionSet);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet);
        } else {
          spreads.add(selection.name.value);
          if (spreads.size > max) {
            problem = `One selection set spreads more than ${max} different fragments; at most ${max} may be spread in one place. Merge them into fewer fragments.`;
          }
        }
      }
    };
    collect(selectionSet);
  };
  for (const definition of document.definitions) {
    if (problem) break;
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) check(definition.selectionSet);
  }
  return problem;
}
