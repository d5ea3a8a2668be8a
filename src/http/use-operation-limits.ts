import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../config.js';
import { limitRules, refuse, SPLIT_ADVICE } from './operation-rules.js';

/**
 * graphql-armor's token, depth, alias and directive limits, sized for this service rather than
 * armor's stock ones: the main use is one operation of a few hundred aliased mutation fields,
 * which armor's 15 aliases and 1,000 tokens would refuse. The document is refused before it runs
 * (tokens while parsing, the rest while validating), with `LIMIT_EXCEEDED`, HTTP 400 and what to do.
 *
 * armor's cost limit is off: no field of this schema costs more for being nested or repeated,
 * and what a mutation costs (its writes) is bounded by `useMutationLimits`.
 *
 * ```ts
 * createYoga({ schema, plugins: [useOperationLimits(loadConfig().limits)] });
 * ```
 */
export function useOperationLimits(limits: Pick<Limits, 'tokens' | 'depth' | 'aliases' | 'directives'>): Plugin {
  // Tokens are counted while parsing; the other limits are validation rules (see operation-rules.ts).
  const tokens = EnvelopArmorPlugin({
    maxTokens: { n: limits.tokens, ...refuse(SPLIT_ADVICE) },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    costLimit: { enabled: false },
    // Field suggestions are hidden, with introspection, by useSchemaPrivacy where configured.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
  const rules = limitRules(limits);
  return {
    onPluginInit: ({ addPlugin }) => addPlugin(tokens),
    onValidate: ({ addValidationRule }) => {
      for (const rule of rules) addValidationRule(rule);
      // graphql-js stops validating a document whose fields or fragments would take too many
      // comparisons to check (its overlapping-fields budget) and says only "Validation aborted.".
      return ({ result, setResult }) => {
        if (!result.some((error) => error.message === VALIDATION_ABORTED)) return;
        setResult(
          result.map((error) =>
            error.message === VALIDATION_ABORTED
              ? createGraphQLError(
                  'This document repeats fields or fragments more often than can be validated in reasonable time. Select each field once, and send it as several smaller operations.',
                  { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } },
                )
              : error,
          ),
        );
      };
    },
    // Yoga marks parse and validation errors as the GraphQL-over-HTTP spec's, which a client that
    // accepts only application/json gets with 200 (the spec's rule for a document that is wrong).
    // A document over a limit is well formed and refused: 400 for every client, as the other limits.
    onResultProcess({ result }) {
      if (Array.isArray(result) || !('errors' in result)) return;
      for (const error of result.errors ?? []) {
        const http = error.extensions?.['http'] as { spec?: boolean } | undefined;
        if (error.extensions?.['code'] === 'LIMIT_EXCEEDED' && http) http.spec = false;
      }
    },
  };
}

const VALIDATION_ABORTED = 'Validation aborted.';
