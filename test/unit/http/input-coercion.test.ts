import fc from 'fast-check';
import {
  buildSchema,
  coerceInputValue,
  type GraphQLInputType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  getVariableValues,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FAILED, InputCoercion } from '../../../src/http/input-coercion.js';
import { schema } from '../../../src/schema/index.js';

/**
 * InputCoercion must take exactly the values graphql-js takes, and coerce them to exactly what
 * graphql-js would: every variable of every mutation argument's type, generated from the type
 * itself (fields present, missing, null, of the wrong kind, unknown keys, lists of one, arrays
 * for objects), is coerced both ways and compared.
 */
/** Values each scalar takes, and values it refuses. */
const SCALARS: Record<string, { takes: unknown[]; refuses: unknown[] }> = {
  String: { takes: ['cal_1', '', 'Meeting'], refuses: [1, true, {}] },
  ID: { takes: ['evt_1', 7], refuses: [true, 1.5] },
  Boolean: { takes: [true, false], refuses: ['true', 0] },
  Int: { takes: [0, 10, -5], refuses: [2 ** 31, 1.5, '1'] },
  Float: { takes: [1.5, 0, -3], refuses: ['1.5', true] },
  Instant: {
    takes: ['2026-12-07T09:00:00Z', '2026-12-07T10:00:00+01:00'],
    refuses: ['2026-12-07T09:00:00.500Z', '2026-02-30T09:00:00Z', 5],
  },
  EventTime: { takes: ['2026-12-07', '2026-12-07T09:00:00Z'], refuses: ['2026-13-01', 'tomorrow', false] },
};
const ANYTHING = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/**
 * Values of `type`: with `wild`, anything from right to wrong at every level; without, values
 * graphql-js takes (missing and null optional fields, lists of one) but for `wild` members.
 */
function valueOf(type: GraphQLInputType, wild: boolean, depth = 0): fc.Arbitrary<unknown> {
  const member = (memberType: GraphQLInputType) =>
    wild
      ? valueOf(memberType, true, depth + 1)
      : fc.oneof(
          { arbitrary: valueOf(memberType, false, depth + 1), weight: 30 },
          { arbitrary: valueOf(memberType, true, depth + 1), weight: 1 },
        );
  if (type instanceof GraphQLNonNull) {
    return wild
      ? fc.oneof({ arbitrary: valueOf(type.ofType, true, depth), weight: 9 }, { arbitrary: fc.constant(null), weight: 1 })
      : valueOf(type.ofType, false, depth);
  }
  if (depth > 4) return fc.constant(null);
  if (type instanceof GraphQLList) {
    const item = member(type.ofType);
    return fc.oneof(fc.array(item, { maxLength: 3 }), item, fc.constant(null));
  }
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields());
    const optional = (field: (typeof fields)[number]) => !(field.type instanceof GraphQLNonNull);
    const object = fc
      .tuple(
        type.isOneOf
          ? fc.integer({ min: 0, max: fields.length - 1 }).map((i) => [fields[i]!])
          : fc.subarray(fields.filter(optional), { maxLength: Math.min(4, fields.filter(optional).length) }),
        fc.tuple(...fields.map((field) => member(field.type))),
        fc.oneof(
          { arbitrary: fc.constant(null), weight: wild ? 3 : 30 },
          { arbitrary: fc.constantFrom('unknownField', 'calendarID'), weight: 1 },
        ),
      )
      .map(([chosen, values, extra]) => {
        const value: Record<string, unknown> = {};
        fields.forEach((field, i) => {
          if (chosen.includes(field) || (!type.isOneOf && !optional(field))) value[field.name] = values[i];
        });
        if (extra) value[extra] = 'x';
        return value;
      });
    return wild ? fc.oneof({ arbitrary: object, weight: 4 }, { arbitrary: ANYTHING, weight: 1 }) : object;
  }
  if (type instanceof GraphQLEnumType) {
    const names = fc.constantFrom(...type.getValues().map((v) => v.name));
    return wild ? fc.oneof(names, ANYTHING) : names;
  }
  if (type instanceof GraphQLScalarType) {
    const samples = SCALARS[type.name] ?? { takes: ['x'], refuses: [{}] };
    return wild
      ? fc.oneof(fc.constantFrom(...samples.takes), fc.constantFrom(...samples.refuses), ANYTHING)
      : fc.constantFrom(...samples.takes);
  }
  return ANYTHING;
}

/** The value with each object's prototype spelled out, so null-prototype objects compare as such. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) === null ? 'null' : 'Object';
    return { prototype, entries: Object.entries(value).map(([k, v]) => [k, shape(v)]) };
  }
  return value;
}

/**
 * Input objects the schema lacks: defaults (null among them), required fields, fields named as
 * Object.prototype's members, more fields than 31 (read by the generic walk), @oneOf.
 */
const odd = buildSchema(`
  input Odd { toString: String, constructor: Int, hasOwnProperty: Boolean, a: Int = 1, b: String!, c: [Int!] = [1, 2], d: Odd, e: String, f: Boolean = false, g: Int = null }
  input Wide { ${Array.from({ length: 32 }, (_, i) => `w${i}: Int${i % 8 === 0 ? ' = 7' : ''}`).join(', ')}, req: String! }
  input One @oneOf { a: Int, b: String, c: Odd }
  type Query { q(odd: Odd, wide: Wide, one: One): Boolean }
`);

/** Keys of no field, among them Object.prototype's accessor. */
const UNKNOWN_KEYS = ['unknownField', '__proto__', 'toString', 'constructor'];
/** Where a value's fields may come from besides its own enumerable keys. */
const PROTOTYPES = ['Object', 'null', 'inherited', 'inherited, not enumerable', 'Object.prototype'] as const;
/** What a key from elsewhere (the prototype, or an own key not enumerable) holds: no object, as one would inherit it too. */
const HELD = fc.constantFrom<unknown>('x', 1, null, true, undefined);

/**
 * An object for `type` built as JSON cannot build it: own keys with any of the prototypes above,
 * keys holding undefined, keys not enumerable. `pollute` is the key and value Object.prototype
 * holds while it is coerced, if any.
 */
function oddObjectOf(type: GraphQLInputObjectType): fc.Arbitrary<{ value: unknown; pollute?: [string, unknown] }> {
  const fields = Object.values(type.getFields());
  const names = fields.map((field) => field.name);
  return fc
    .record({
      chosen: type.isOneOf
        ? fc.oneof({ arbitrary: fc.constantFrom(...fields).map((field) => [field]), weight: 8 }, fc.subarray(fields))
        : fc.subarray(fields, { maxLength: 6 }),
      complete: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, fc.constant(false)),
      values: fc.tuple(
        ...fields.map((field) => fc.oneof({ arbitrary: valueOf(field.type, false), weight: 20 }, valueOf(field.type, true))),
      ),
      undefinedKeys: fc.subarray([...names.slice(0, 6), 'unknownField'], { maxLength: 2 }),
      unknown: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, fc.constantFrom(...UNKNOWN_KEYS)),
      hidden: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, fc.tuple(fc.constantFrom(...names.slice(0, 8), ...UNKNOWN_KEYS), HELD)),
      prototype: fc.constantFrom(...PROTOTYPES),
      // Only names Object.prototype lacks are set on it, so that the test's own code runs as usual.
      elsewhere: fc.tuple(fc.constantFrom(...names.filter((name) => !(name in Object.prototype)).slice(0, 8), 'unknownField'), HELD),
    })
    .map(({ chosen, complete, values, undefinedKeys, unknown, hidden, prototype, elsewhere: [key, held] }) => {
      const base =
        prototype === 'null'
          ? null
          : prototype === 'inherited'
            ? { [key]: held }
            : prototype === 'inherited, not enumerable'
              ? Object.defineProperty({}, key, { value: held, enumerable: false })
              : Object.prototype;
      const value = Object.create(base) as Record<string, unknown>;
      // Fields named as Object.prototype's members are read through it when absent: mostly given, like required ones.
      const required = fields.filter((field) => field.type instanceof GraphQLNonNull || field.name in Object.prototype);
      fields.forEach((field, i) => {
        if (chosen.includes(field) || (required.includes(field) && (complete || field !== required[0])))
          setKey(value, field.name, values[i]);
      });
      for (const name of undefinedKeys) setKey(value, name, undefined);
      if (unknown) setKey(value, unknown, 'x');
      if (hidden) Object.defineProperty(value, hidden[0], { value: hidden[1], enumerable: false, configurable: true });
      return prototype === 'Object.prototype' ? { value, pollute: [key, held] as [string, unknown] } : { value };
    });
}

/** An own enumerable key, even `__proto__` (which an assignment would take for the prototype). */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

const mutationArguments = Object.values(schema.getMutationType()!.getFields()).flatMap((field) =>
  field.args.map((arg) => ({ name: `${field.name}(${arg.name})`, type: arg.type })),
);

describe('input coercion', () => {
  it.each(mutationArguments)('$name: takes what graphql-js takes, and coerces it alike', ({ type }) => {
    const coercion = new InputCoercion();
    const document = parse(`mutation ($v: ${String(type)}) { __typename }`);
    const definitions = (document.definitions[0] as OperationDefinitionNode).variableDefinitions!;
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(valueOf(type, false), valueOf(type, true)), (value) => {
        const variableValues = { v: value };
        const expected = getVariableValues(schema, definitions, variableValues);
        const prepared = coercion.prepare({ schema, document, variableValues });
        expect(prepared !== undefined, `taken by InputCoercion: ${JSON.stringify(value)}`).toBe(expected.coerced !== undefined);
        if (!prepared) return;
        taken++;
        const actual = getVariableValues(prepared.schema, definitions, prepared.variableValues as Record<string, unknown>);
        expect(shape(actual.coerced)).toEqual(shape(expected.coerced));
      }),
      { numRuns: 400 },
    );
    // The generators must reach values that coerce, or the comparison proves nothing.
    expect(taken).toBeGreaterThan(100);
  });

  it.each(['Odd', 'Wide', 'One', 'UpsertEventInput'])(
    '%s: coerces as graphql-js objects of any prototype, with keys holding undefined or not enumerable',
    (name) => {
      const type = (odd.getType(name) ?? schema.getType(name)) as GraphQLInputObjectType;
      const coerce = new InputCoercion().coercerOf(type);
      let taken = 0;
      fc.assert(
        fc.property(oddObjectOf(type), ({ value, pollute }) => {
          const errors: unknown[] = [];
          let expected: unknown;
          let coerced: unknown;
          const prototype = Object.prototype as Record<string, unknown>;
          if (pollute) prototype[pollute[0]] = pollute[1];
          try {
            expected = coerceInputValue(value, type, (_path, _value, error) => errors.push(error));
            coerced = coerce(value);
          } finally {
            if (pollute) delete prototype[pollute[0]];
          }
          expect(coerced === FAILED, `refused: ${inspect(value)}`).toBe(errors.length > 0);
          if (errors.length > 0) return;
          taken++;
          expect(shape(coerced)).toEqual(shape(expected));
        }),
        { numRuns: 600 },
      );
      expect(taken).toBeGreaterThan(80);
    },
  );

  it('coerces as graphql-js values JSON cannot hold: iterables for lists, members holding undefined, keys not enumerable', () => {
    const hidden = (value: Record<string, unknown>, key: string, hiddenValue: unknown) =>
      Object.defineProperty(value, key, { value: hiddenValue, enumerable: false });
    const period = { availablePeriodId: 'a', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' };
    const cases: Array<{ type: string; value: unknown }> = [
      { type: 'AttendeesInput', value: { invite: new Set([{ email: 'a@example.com' }]) } },
      { type: 'AttendeesInput', value: { invite: new Set([{ email: 5 }]) } },
      { type: 'AttendeesInput', value: { invite: { [Symbol.iterator]: 1, email: 'a@example.com' } } },
      { type: 'UpsertAvailablePeriodInput', value: { ...period, startTzid: undefined } },
      { type: 'UpsertAvailablePeriodInput', value: { ...period, unknownField: undefined } },
      { type: 'DeleteEventInput', value: hidden({ calendarId: 'cal_1' }, 'eventId', 'e') },
      { type: 'DeleteEventInput', value: hidden({ calendarId: 'cal_1', unknownField: 1 }, 'eventId', 'e') },
    ];
    const coercion = new InputCoercion();
    for (const { type: name, value } of cases) {
      const type = schema.getType(name) as GraphQLInputType;
      const errors: unknown[] = [];
      const expected = coerceInputValue(value, type, (path, _value, error) => errors.push(error));
      const coerced = coercion.coercerOf(type)(value);
      expect(coerced === FAILED, `refused: ${name} ${String(value)}`).toBe(errors.length > 0);
      if (errors.length === 0) expect(shape(coerced)).toEqual(shape(expected));
    }
  });

  it('leaves documents that read the schema to graphql-js', () => {
    const document = parse(
      'mutation ($v: DeleteEventInput!) { deleteEvent(input: $v) { __typename } } query { __type(name: "DeleteEventInput") { kind } }',
    );
    const variableValues = { v: { calendarId: 'cal_1', eventId: 'e' } };

    expect(new InputCoercion().prepare({ schema, document, variableValues, operationName: undefined })).toBeUndefined();
  });
});
