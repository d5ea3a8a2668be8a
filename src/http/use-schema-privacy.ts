import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';

/**
 * With introspection off (by default when NODE_ENV=production), the schema is not handed out:
 * introspection queries are refused and "Did you mean …?" hints, which would reveal field names
 * one guess at a time, are masked. The schema itself is public in this repository; this keeps
 * a production endpoint from advertising it.
 *
 * ```ts
 * createYoga({ schema, plugins: [useSchemaPrivacy({ introspection: process.env.NODE_ENV !== 'production' })] });
 * ```
 */
export function useSchemaPrivacy({ introspection }: { introspection: boolean }): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      if (introspection) return;
      addPlugin(useDisableIntrospection() as Plugin);
      addPlugin(blockFieldSuggestionsPlugin() as Plugin);
    },
  };
}
