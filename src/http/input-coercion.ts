import {
  type DocumentNode,
  type ExecutionArgs,
  getNamedType,
  getOperationAST,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLSchema,
  isInputObjectType,
  isInputType,
  isLeafType,
  typeFromAST,
  valueFromAST,
  visit,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';

/** Coerces one value to its type as graphql-js 16's `coerceInputValue` does, or answers FAILED exactly when it would report an error. */
export type Coerce = (value: unknown) => unknown;

export const FAILED: unique symbol = Symbol('coercion failed');

type Variables = Array<{ name: string; coerce: Coerce }>;

/**
 * Whether Object.prototype holds no enumerable key, as it does unless something assigned one (as
 * prototype pollution does): an input-object coercer reads only the fields Object.prototype held
 * when it was built, so one assigned since sends it to the generic walk. 7 ns a call. A member
 * added by `Object.defineProperty` after the coercer was built is not seen.
 */
function hasNoEnumerableKey(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

/** Introspection answers from the schema it runs against: such a document runs against the real one. */
function readsTheSchema(document: DocumentNode): boolean {
  let reads = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') reads = true;
    },
  });
  return reads;
}

/**
 * Input-object variables coerced before graphql-js runs, by a function built once per input
 * type, and handed to graphql-js already coerced.
 *
 * graphql-js coerces every variable on every execution with one generic walk: for each input
 * object it lists all of the type's fields, checks each wrapper type and allocates a path per
 * value. For `UpsertEventInput` (then 20 fields, 5 sent) that was 5 µs per variable, a quarter of the
 * GraphQL work of a 50-field operation. Here each input type gets a function that knows its
 * fields, coercing exactly as graphql-js 16 does (`coerceInputValue`: defaults, lists of one, `@oneOf`, each leaf's `parseValue`), and the operation runs against a copy of the
 * schema in which each input object type is a scalar that passes its value through, so graphql-js
 * does not walk it again. Literal input objects in the document go through `valueFromAST` with the
 * real type, as graphql-js would.
 *
 * Anything this does not take as graphql-js would take it (a missing or null required value, an
 * unknown field, a scalar's refusal, a `@oneOf` input without exactly one member) is not coerced here: the operation then runs as
 * it always has, and graphql-js reports the error in its own words. Operations that read the
 * schema (`__schema`, `__type`) always run against the real one.
 *
 * ```ts
 * const coercion = new InputCoercion();
 * execute(coercion.prepare(args) ?? args);
 * ```
 */
export class InputCoercion {
  readonly #coercers = new WeakMap<GraphQLInputType, Coerce>();
  readonly #passThrough = new WeakMap<GraphQLSchema, GraphQLSchema>();
  /** Per schema, document and operation name: its input-object variables, or null when it must run as it is. */
  readonly #variables = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string | undefined, Variables | null>>>();

  /** `args` with its input-object variables coerced and the pass-through schema, or undefined to run `args` as it is. */
  prepare(args: ExecutionArgs): ExecutionArgs | undefined {
    const variables = this.#variablesOf(args.schema, args.document, args.operationName ?? undefined);
    if (!variables) return undefined;
    const inputs = (args.variableValues ?? {}) as Record<string, unknown>;
    let coerced: Record<string, unknown> | undefined;
    for (const { name, coerce } of variables) {
      // graphql-js coerces a missing variable's default itself, through the pass-through type.
      if (!Object.prototype.hasOwnProperty.call(inputs, name)) continue;
      const value = coerce(inputs[name]);
      if (value === FAILED) return undefined;
      // Without a prototype, as graphql-js reads it: a variable named __proto__ is a variable.
      coerced ??= Object.assign(Object.create(null), inputs) as Record<string, unknown>;
      coerced[name] = value;
    }
    if (!coerced) return undefined;
    return { ...args, schema: this.#passThroughOf(args.schema), variableValues: coerced };
  }

  /**
   * Makes now what coercing the variables of `document`'s operation needs (its walk and its
   * variables' coercers, 0.25 ms for 50 input-object variables), so that its first request does not
   * pay for it: for documents known before any request, such as trusted ones at manifest load.
   */
  prepareDocument(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): void {
    this.#variablesOf(schema, document, operationName);
  }

  #variablesOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Variables | null {
    let byDocument = this.#variables.get(schema);
    if (!byDocument) this.#variables.set(schema, (byDocument = new WeakMap()));
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    let variables = byName.get(operationName);
    if (variables === undefined) {
      variables = readsTheSchema(document) ? null : this.#inputObjectVariables(schema, document, operationName);
      byName.set(operationName, variables);
    }
    return variables;
  }

  #inputObjectVariables(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Variables | null {
    const variables: Variables = [];
    for (const definition of getOperationAST(document, operationName)?.variableDefinitions ?? []) {
      const type = typeFromAST(schema, definition.type);
      if (type && isInputType(type) && isInputObjectType(getNamedType(type))) {
        variables.push({ name: definition.variable.name.value, coerce: this.#coercerOf(type) });
      }
    }
    return variables.length > 0 ? variables : null;
  }

  /**
   * The function that coerces a value of `type` (any input type) as graphql-js' `coerceInputValue`
   * does, built once per type: for planners that coerce variables themselves (`prepared-values.ts`).
   */
  coercerOf(type: GraphQLInputType): Coerce {
    return this.#coercerOf(type);
  }

  #coercerOf(type: GraphQLInputType): Coerce {
    let coerce = this.#coercers.get(type);
    if (!coerce) {
      // Placed before it is built, so a type that contains itself (through a list) finds it.
      let built: Coerce | undefined;
      this.#coercers.set(type, (value) => built!(value));
      built = this.#build(type);
      this.#coercers.set(type, built);
      coerce = built;
    }
    return coerce;
  }

  #build(type: GraphQLInputType): Coerce {
    if (type instanceof GraphQLNonNull) {
      const inner = this.#coercerOf(type.ofType);
      return (value) => (value == null ? FAILED : inner(value));
    }
    if (type instanceof GraphQLList) {
      const item = this.#coercerOf(type.ofType);
      return (value) => {
        if (value == null) return null;
        if (Array.isArray(value)) {
          const items = new Array<unknown>(value.length);
          for (let i = 0; i < value.length; i++) {
            const coerced = item(value[i]);
            if (coerced === FAILED) return FAILED;
            items[i] = coerced;
          }
          return items;
        }
        // Another iterable is a list too (graphql-js' `isIterableObject`); anything else is a list of one.
        if (typeof value === 'object' && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
          const items = Array.from(value as Iterable<unknown>);
          for (let i = 0; i < items.length; i++) {
            const coerced = item(items[i]);
            if (coerced === FAILED) return FAILED;
            items[i] = coerced;
          }
          return items;
        }
        const coerced = item(value);
        return coerced === FAILED ? FAILED : [coerced];
      };
    }
    if (type instanceof GraphQLInputObjectType) {
      const oneOf = type.isOneOf;
      const defined = type.getFields();
      const fields = Object.values(defined).map((field) => ({
        name: field.name,
        required: field.type instanceof GraphQLNonNull,
        defaultValue: field.defaultValue,
        coerce: this.#coercerOf(field.type),
      }));
      /** Coerces one field into `coerced`, as graphql-js does; false when it would report an error. */
      const coerceField = (object: Record<string, unknown>, field: (typeof fields)[number], coerced: Record<string, unknown>) => {
        const fieldValue = object[field.name];
        if (fieldValue === undefined) {
          if (field.defaultValue !== undefined) coerced[field.name] = field.defaultValue;
          else if (field.required) return false;
          return true;
        }
        const fieldCoerced = field.coerce(fieldValue);
        if (fieldCoerced === FAILED) return false;
        coerced[field.name] = fieldCoerced;
        return true;
      };
      /** @oneOf: exactly one member, and not null. */
      const isOneMember = (coerced: Record<string, unknown>) => {
        const keys = Object.keys(coerced);
        return keys.length === 1 && coerced[keys[0]!] !== null;
      };
      /** graphql-js' walk: every field of the type read from the value, then every key of the value looked up. */
      const everyField = (object: Record<string, unknown>) => {
        const coerced: Record<string, unknown> = {};
        for (const field of fields) if (!coerceField(object, field, coerced)) return FAILED;
        // A key that is no field of the type is an error.
        for (const name of Object.keys(object)) if (!defined[name]) return FAILED;
        return oneOf && !isOneMember(coerced) ? FAILED : coerced;
      };
      // Reading all of a type's fields costs a keyed load each, most of them misses (UpsertEventInput:
      // 23 fields, 5 sent; 670 -> 430 ns an object with this instead, its fields' coercion included).
      // Only the fields a value holds can differ from absent, besides those whose absence means
      // something (required, or with a default) and those Object.prototype holds (read through it, as
      // graphql-js reads): these are marked in a bit set, visited in definition order.
      const indexOf: Record<string, number> = Object.create(null);
      let always = 0;
      fields.forEach((field, index) => {
        indexOf[field.name] = index;
        if (field.required || field.defaultValue !== undefined || field.name in Object.prototype) always |= 1 << index;
      });
      const bySet = (object: Record<string, unknown>) => {
        let visit = always;
        // Own keys, enumerable or not, as graphql-js reads each field from the value whatever its kind.
        for (const name of Object.getOwnPropertyNames(object)) {
          const index = indexOf[name];
          if (index !== undefined) visit |= 1 << index;
          // A key that is no field of the type is an error when Object.keys would list it.
          else if (Object.prototype.propertyIsEnumerable.call(object, name)) return FAILED;
        }
        const coerced: Record<string, unknown> = {};
        while (visit !== 0) {
          const index = 31 - Math.clz32(visit & -visit);
          visit &= visit - 1;
          if (!coerceField(object, fields[index]!, coerced)) return FAILED;
        }
        return oneOf && !isOneMember(coerced) ? FAILED : coerced;
      };
      const bitsSuffice = fields.length <= 31;
      return (value) => {
        if (value == null) return null;
        if (typeof value !== 'object' || Array.isArray(value)) return FAILED;
        const object = value as Record<string, unknown>;
        // Another prototype may hold any field, and Object.prototype one assigned since (see hasNoEnumerableKey).
        const prototype: unknown = Object.getPrototypeOf(object);
        return bitsSuffice && (prototype === null || (prototype === Object.prototype && hasNoEnumerableKey()))
          ? bySet(object)
          : everyField(object);
      };
    }
    if (isLeafType(type)) {
      return (value) => {
        if (value == null) return null;
        try {
          const parsed = type.parseValue(value);
          return parsed === undefined ? FAILED : parsed;
        } catch {
          return FAILED;
        }
      };
    }
    return () => FAILED;
  }

  #passThroughOf(schema: GraphQLSchema): GraphQLSchema {
    let passThrough = this.#passThrough.get(schema);
    if (!passThrough) {
      passThrough = mapSchema(schema, {
        // mapSchema's types expect an input object back; it rewires references by name, whatever the kind.
        [MapperKind.INPUT_OBJECT_TYPE]: ((type: GraphQLInputObjectType) =>
          new GraphQLScalarType({
            name: type.name,
            description: type.description,
            // Variables arrive coerced (see `prepare`); literals and defaults are read as graphql-js reads them.
            parseValue: (value) => value,
            parseLiteral: (node, variables) => valueFromAST(node, type, variables),
          })) as never,
      });
      this.#passThrough.set(schema, passThrough);
    }
    return passThrough;
  }
}
