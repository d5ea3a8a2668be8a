import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Bounds the bytes of one HTTP request's answer before Yoga serialises it. A field answers a
 * value the caller sent (an `_entities` key, a write's ids) as many times as it is aliased, and
 * those values are as long as the body allows: 200 aliases of a 3 MB key made Yoga build a 600 MB
 * string, block the event loop for 1.5 s and answer 500. The answer is measured by one walk that
 * stops at `maxBytes` (its strings are the caller's values, shared, not yet copied), and over it
 * the whole answer becomes one `LIMIT_EXCEEDED` error, with status 400; writes it reports on were
 * sent, as its message says.
 *
 * ```ts
 * createYoga({ schema, plugins: [useAnswerLimit({ maxBytes: 16 * 1024 * 1024 })] });
 * ```
 */
export function useAnswerLimit({ maxBytes }: { maxBytes: number }): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const refused = answerOverLimit(result, maxBytes);
      if (refused) setResult(Array.isArray(result) ? result.map(() => refused) : refused);
    },
  };
}

/**
 * The answer that replaces `result` (an execution result, or those of an HTTP batch) when it would
 * take more than `maxBytes`; undefined when it fits. `useAnswerLimit` and the trusted lane both
 * judge by it.
 */
export function answerOverLimit(result: unknown, maxBytes: number): { errors: GraphQLError[] } | undefined {
  if (bytesOf(result, maxBytes) <= maxBytes) return undefined;
  return {
    errors: [
      createGraphQLError(
        `This answer would be more than ${maxBytes} bytes, the most one answer may be. Select long values (ids, messages) under fewer aliases. ` +
          'Any write this request made was sent: ask again with a smaller selection to read the results.',
        { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } },
      ),
    ],
  };
}

/** About the bytes `value` takes as JSON, counted up to one past `atMost`. */
function bytesOf(value: unknown, atMost: number): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && bytes <= atMost) {
    const next = stack.pop();
    if (typeof next === 'string') bytes += next.length + 2;
    else if (Array.isArray(next)) {
      bytes += 2 + next.length;
      for (const item of next) stack.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const key of Object.keys(next)) {
        bytes += key.length + 4;
        stack.push((next as Record<string, unknown>)[key]);
      }
    } else bytes += 5;
  }
  return bytes;
}
