import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../config.js';

/**
 * graphql-armor's token, depth, alias and directive limits, sized for this service rather than
 * armor's stock ones: the main use is one operation of a few hundred aliased mutation fields,
 * which armor's 15 aliases and 1,000 tokens would refuse. The document is refused before it runs
 * (tokens while parsing, the rest while validating), with `LIMIT_EXCEEDED` and what to do.
 *
 * armor's cost limit is off: no field of this schema costs more for being nested or repeated,
 * and what a mutation costs (its writes) is bounded by `useMutationLimits`.
 *
 * ```ts
 * createYoga({ schema, plugins: [useOperationLimits(loadConfig().limits)] });
 * ```
 */
export function useOperationLimits(limits: Pick<Limits, 'tokens' | 'depth' | 'aliases' | 'directives'>): Plugin {
  const split = 'Send it as several smaller operations.';
  return EnvelopArmorPlugin({
    maxTokens: { n: limits.tokens, ...refuse(split) },
    // Depth counts fields only, so spreading a fragment costs nothing.
    maxDepth: { n: limits.depth, flattenFragments: true, ...refuse('Select less deeply nested fields.') },
    maxAliases: { n: limits.aliases, ...refuse(split) },
    maxDirectives: { n: limits.directives, ...refuse(split) },
    costLimit: { enabled: false },
    // Field suggestions are hidden, with introspection, by useSchemaPrivacy where configured.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/** armor's own message ("Aliases limit of 1000 exceeded, found 1200.") with a code and the fix. */
function refuse(advice: string) {
  return {
    propagateOnRejection: false as const,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const refused = createGraphQLError(`${error.message.replace(/^Syntax Error: /, '')} ${advice}`, {
          extensions: { code: 'LIMIT_EXCEEDED' },
        });
        // Validation rules get a context to report to; the token count runs inside the parser.
        if (context) context.reportError(refused);
        else throw refused;
      },
    ],
  };
}
