import { type ExecutionArgs, type ExecutionResult, execute, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { InputCoercion } from './input-coercion.js';

/**
 * Executes with graphql-js' own `execute` instead of Yoga's default, `@graphql-tools/executor`.
 * That executor exists for incremental delivery (`@defer`, `@stream`), which this schema does not
 * offer, and it copies every variable value once more after coercing it: measured on a
 * 50-mutation operation, it took 1.0–1.6 ms where graphql-js takes 0.8–0.9 ms.
 *
 * ```ts
 * createYoga({ schema, plugins: [useGraphQLJSExecutor(), useMutationPlanner()] });
 * ```
 *
 * A request that cannot start (a variable that does not coerce, an unknown operation name) is
 * answered `400 Bad Request`, as GraphQL over HTTP asks and as Yoga's own executor does. Input
 * object variables are coerced by `InputCoercion`, once, by functions made for their types.
 */
export function useGraphQLJSExecutor(): Plugin {
  const executeAnsweringRequestErrors = graphQLJSExecutor();
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(executeAnsweringRequestErrors);
    },
  };
}

/**
 * The executor `useGraphQLJSExecutor` installs, for a caller that runs operations without Yoga
 * (the trusted lane): graphql-js' `execute` after `InputCoercion`, a request that cannot start
 * answered with errors marked `400` and no `data`.
 */
export function graphQLJSExecutor(): (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult> {
  const coercion = new InputCoercion();
  return (args) => {
    const result = execute(coercion.prepare(args) ?? args);
    // graphql-js answers a request it could not start at once, with errors and no `data`.
    if (result instanceof Promise || 'data' in result) return result;
    return { errors: result.errors?.map(asBadRequest) };
  };
}

function asBadRequest(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, http: { ...(error.extensions.http as object), status: 400 } },
  });
}
