import { type GraphQLSchema, isObjectType, isUnionType } from 'graphql';

/**
 * Why a representation handed to `_entities` cannot be resolved, or undefined when it can: it
 * must be an object naming one of this subgraph's entity types in `__typename` and carrying
 * every field of one of that type's `@key`s as a non-empty string. A gateway only ever sends
 * such objects; anything else is the caller's mistake, answered before any resolver runs.
 *
 * ```ts
 * representationProblem(entityKeysOf(schema), { __typename: 'CalendarEvent', calendarId: 'cal_1' }, 0)
 * // → 'Representation 0 of _entities lacks eventId: a CalendarEvent is referenced by "calendarId eventId".'
 * ```
 */
export function representationProblem(keys: EntityKeys, representation: unknown, index: number): string | undefined {
  const at = `Representation ${index} of _entities`;
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    return `${at} is not an object: send { __typename, ...key fields }.`;
  }
  const fields = representation as Record<string, unknown>;
  const typename = fields.__typename;
  const typeKeys = typeof typename === 'string' ? keys.get(typename) : undefined;
  if (!typeKeys) {
    return `${at} has no __typename of an entity of this subgraph; it must be one of ${[...keys.keys()].join(', ')}.`;
  }
  if (typeKeys.some((key) => key.every((field) => typeof fields[field] === 'string' && fields[field] !== ''))) return undefined;
  const first = typeKeys[0]!;
  const missing = first.filter((field) => typeof fields[field] !== 'string' || fields[field] === '');
  return `${at} lacks ${missing.join(' and ')}: a ${typename} is referenced by "${first.join(' ')}", each a non-empty string.`;
}

/** Entity type name → its `@key` field sets. */
export type EntityKeys = ReadonlyMap<string, readonly string[][]>;

/** The `@key` field sets of each entity type, read from the schema's federation extensions. */
export function entityKeysOf(schema: GraphQLSchema): EntityKeys {
  const keys = new Map<string, string[][]>();
  const union = schema.getType('_Entity');
  for (const type of isUnionType(union) ? union.getTypes() : []) {
    const declared = (type.extensions.directives as { key?: Array<{ fields: string }> } | undefined)?.key ?? [];
    if (isObjectType(type))
      keys.set(
        type.name,
        declared.map(({ fields }) => fields.split(/\s+/).filter(Boolean)),
      );
  }
  return keys;
}
