import { getNamedType, type GraphQLInputType, type GraphQLSchema, isInputObjectType, isListType, isNonNullType } from 'graphql';

/** How wide and deep sent variables may be before graphql-js is asked to coerce them. */
export interface VariablesShape {
  /** Nesting of objects and lists. */
  depth: number;
  /** Keys of one object. */
  keys: number;
  /** Items of one list. */
  items: number;
  /** Variables of one operation: no more than a document within the token limit can declare. */
  variables: number;
}

/**
 * Why the variables as sent cannot be coerced in bounded time, or undefined when they can.
 * graphql-js coerces a value whole before any limit can count it, and prints the whole value into
 * each of up to 50 errors: one input object of 10,000 unknown keys (120 KB) held the event loop
 * for a quarter of a second, and deeper nesting than any input type has only recurses further.
 * One walk of the sent JSON, without recursion, refuses what no input of the schema could be.
 *
 * ```ts
 * variablesShapeProblem({ e: { k0: 0, k1: 1, ... } }, inputShapeOf(schema, { items: 1000, tokens: 20000 }))
 * // → 'An object in the variables has 10000 keys; no input type of this schema has more than 40 fields.'
 * ```
 */
export function variablesShapeProblem(variables: Record<string, unknown>, shape: VariablesShape): string | undefined {
  const named = Object.keys(variables);
  if (named.length > shape.variables) {
    return `The variables object names ${named.length} variables; a document within the token limit declares at most ${shape.variables}.`;
  }
  // Two stacks rather than one of pairs: with the key lists, a pair per value sent made this walk
  // 4 % of what a trusted 50-field request allocated.
  const values: unknown[] = [];
  const depths: number[] = [];
  for (const name of named) {
    values.push(variables[name]);
    depths.push(1);
  }
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > shape.depth) {
      return `The variables nest deeper than ${shape.depth} levels; no input of this schema nests that deep.`;
    }
    if (Array.isArray(value)) {
      if (value.length > shape.items) {
        return `A list in the variables has ${value.length} items; no list this service takes may have more than ${shape.items}. Send the writes as several requests.`;
      }
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > shape.keys) {
      return `An object in the variables has ${keys.length} keys; no input type of this schema has more than ${shape.keys} fields.`;
    }
    for (const key of keys) {
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return undefined;
}

/**
 * The widest and deepest input of `schema`, with room for a representation's `__typename` and for
 * an argument's list around its deepest input (and one level more), `items` as the longest list,
 * and as many variables as `tokens` tokens can declare.
 */
export function inputShapeOf(schema: GraphQLSchema, { items, tokens }: { items: number; tokens: number }): VariablesShape {
  let keys = 1;
  const depths = new Map<string, number>();
  // Input types of this schema do not refer to themselves, so the recursion ends.
  const depthOf = (type: GraphQLInputType): number => {
    if (isNonNullType(type)) return depthOf(type.ofType);
    if (isListType(type)) return 1 + depthOf(type.ofType);
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return 0;
    const known = depths.get(named.name);
    if (known !== undefined) return known;
    depths.set(named.name, 1);
    const fields = Object.values(named.getFields());
    keys = Math.max(keys, fields.length + 1);
    const depth = 1 + Math.max(0, ...fields.map((field) => depthOf(field.type)));
    depths.set(named.name, depth);
    return depth;
  };
  let depth = 1;
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type)) depth = Math.max(depth, depthOf(type));
  }
  // `$a: T` is four tokens.
  return { depth: depth + 2, keys, items, variables: Math.ceil(tokens / 4) };
}
