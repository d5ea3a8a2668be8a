import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { Context } from './context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    Instant: { Input: string; Output: string };
    EventTime: { Input: string; Output: string };
  };
}>({
  // Directives before federation: the federation plugin records @key as a directive, and the
  // directives plugin turns it into the AST node that the subgraph printer reads.
  plugins: [DirectivesPlugin, FederationPlugin],
  // graphql-tools (codegen's schema loader) reads directives keyed by name, not as a list.
  directives: { useGraphQLToolsUnorderedDirectives: true },
  // Non-null unless a field says otherwise; mutation results say so on purpose.
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});
