import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { ASTVisitor, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * With introspection off (by default when NODE_ENV=production), the schema is not handed out:
 * introspection queries are refused and "Did you mean …?" hints, which would reveal field names
 * one guess at a time, are masked. With the federation SDL off (by default in production too),
 * `_service { sdl }`, which prints the whole schema, is refused as well. The schema itself is
 * public in this repository; this keeps a production endpoint from advertising it.
 *
 * ```ts
 * const development = process.env.NODE_ENV !== 'production';
 * createYoga({ schema, plugins: [useSchemaPrivacy({ introspection: development, federationSdl: development })] });
 * ```
 */
export function useSchemaPrivacy({ introspection, federationSdl }: { introspection: boolean; federationSdl: boolean }): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      if (introspection) return;
      addPlugin(useDisableIntrospection() as Plugin);
      addPlugin(blockFieldSuggestionsPlugin() as Plugin);
    },
    onValidate({ addValidationRule }) {
      if (!federationSdl) addValidationRule(RefuseFederationSdl);
    },
  };
}

export const FEDERATION_SDL_REFUSED =
  'The federation SDL (_service) is not served here. A gateway that composes this subgraph at run time ' +
  '(IntrospectAndCompose, rover subgraph introspect) needs it: set FEDERATION_SDL=true on this service. ' +
  'A gateway that runs a supergraph composed from schema.graphql does not.';

/** `_service` under any alias or fragment: validation sees each field with its parent type. */
export function RefuseFederationSdl(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value !== '_service' || context.getParentType() !== context.getSchema().getQueryType()) return;
      context.reportError(createGraphQLError(FEDERATION_SDL_REFUSED, { nodes: node, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    },
  };
}
