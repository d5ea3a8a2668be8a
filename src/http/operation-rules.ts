import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext, type ValidationRule } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { Config, Limits } from '../config.js';
import { RefuseFederationSdl } from './use-schema-privacy.js';

/**
 * The validation rules this server adds to graphql-js' own for every document it runs: the limits
 * on depth, aliases and directives, and, where configured, no introspection and no `_service`.
 * Requests get them through `useOperationLimits` and `useSchemaPrivacy`; a trusted document is
 * checked against the same rules once, when its manifest loads, so none of them runs again when
 * it is used.
 *
 * ```ts
 * const trusted = loadTrustedDocuments(config.trustedDocuments.manifests, schema, servedRules(config));
 * ```
 */
export function servedRules(config: Pick<Config, 'limits' | 'introspection' | 'federationSdl'>): ValidationRule[] {
  return [
    ...limitRules(config.limits),
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ...(config.federationSdl ? [] : [RefuseFederationSdl]),
  ];
}

export const SPLIT_ADVICE = 'Send it as several smaller operations.';

/** graphql-armor's depth, alias and directive rules, each refusal a LIMIT_EXCEEDED that says what to change. */
export function limitRules(limits: Pick<Limits, 'depth' | 'aliases' | 'directives'>): ValidationRule[] {
  return new ApolloArmor({
    // Depth counts fields only, so spreading a fragment costs nothing.
    maxDepth: { n: limits.depth, flattenFragments: true, ...refuse('Select less deeply nested fields.') },
    maxAliases: { n: limits.aliases, ...refuse(SPLIT_ADVICE) },
    maxDirectives: { n: limits.directives, ...refuse(SPLIT_ADVICE) },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules as ValidationRule[];
}

/** graphql-armor's options for a limit whose refusal is LIMIT_EXCEEDED, with `advice` on what to change. */
export function refuse(advice: string) {
  return {
    propagateOnRejection: false as const,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const refused = createGraphQLError(`${error.message.replace(/^Syntax Error: /, '')} ${advice}`, {
          extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } },
        });
        // Validation rules get a context to report to; the token count runs inside the parser.
        if (context) context.reportError(refused);
        else throw refused;
      },
    ],
  };
}
