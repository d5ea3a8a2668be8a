import fc from 'fast-check';
import {
  getNamedType,
  getVariableValues,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileVariables } from '../src/planner/compiled-fields.js';
import { schema } from '../src/schema/index.js';

/**
 * The compiled fields of the planner check and coerce variables with graphql-jit instead of
 * graphql-js. Whatever a caller sends, both must agree: the same values refused, the same values
 * produced. Checked here for the input of every mutation, with values of the right type and of
 * every wrong one.
 */
const INPUTS = [
  'UpsertEventInput',
  'DeleteEventInput',
  'EditExternalEventInput',
  'DeleteExternalEventInput',
  'UpsertAvailablePeriodInput',
  'DeleteAvailablePeriodInput',
];

const wrong = fc.oneof(
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

/** Per scalar: values it takes, and values of the right JSON type that it refuses. */
const SCALARS: Record<string, [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>]> = {
  String: [fc.string({ maxLength: 8 }), fc.constantFrom(7, true)],
  Int: [
    fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(-0, 1e3)),
    fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, 1e21, '7'),
  ],
  Boolean: [fc.boolean(), fc.constantFrom('true', 0, 1)],
  Instant: [
    fc.constantFrom('2026-12-07T09:00:00Z', '2026-12-07T10:00:00+01:00', '2026-12-07T09:00:00.000Z'),
    fc.constantFrom('2026-12-07T09:00:00.5Z', '2026-02-30T09:00:00Z', '2026-12-07', 'soon', 5),
  ],
  EventTime: [
    fc.constantFrom('2026-12-07', '2026-12-07T09:00:00Z', '2026-12-07T09:00:00-05:30'),
    fc.constantFrom('2026-13-01', '2026-12-07T24:00:00Z', '', 'tomorrow'),
  ],
};

/** Mostly values the type takes, so that whole inputs of twenty fields are often valid too; now and then one it refuses. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type))
    return fc.oneof({ weight: 100, arbitrary: valueOf(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = valueOf(type.ofType, depth + 1);
    return fc.oneof(
      { weight: 10, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: item },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    return fc.oneof(
      { weight: 100, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.constantFrom(...names.map((n) => n.toLowerCase())) },
      { weight: 1, arbitrary: wrong },
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 8) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
    // Keys no input type has, including those every object inherits (as JSON.parse makes them: own properties).
    const withUnknownKey = fc
      .tuple(record, fc.constantFrom('notAField', '__proto__', 'constructor', 'toString', 'hasOwnProperty'))
      .map(([value, key]) => Object.defineProperty({ ...(value as object) }, key, { value: 1, enumerable: true }));
    return fc.oneof({ weight: 100, arbitrary: record }, { weight: 1, arbitrary: withUnknownKey }, { weight: 1, arbitrary: wrong });
  }
  const scalar = SCALARS[getNamedType(type).name];
  if (!scalar) throw new Error(`No values for scalar ${getNamedType(type).name}`);
  const [taken, refused] = scalar;
  return fc.oneof({ weight: 150, arbitrary: taken }, { weight: 1, arbitrary: refused }, { weight: 1, arbitrary: wrong });
}

const RUNS = Number(process.env.FC_RUNS ?? 300);

describe('graphql-jit coerces variables exactly as graphql-js does', () => {
  for (const input of INPUTS) {
    it(`for ${input}`, () => {
      const operation = parse(`mutation($v: ${input}!) { __typename }`).definitions[0] as OperationDefinitionNode;
      const definitions = operation.variableDefinitions!;
      const compiled = compileVariables(schema, definitions);
      const verdicts = { accepted: 0, refused: 0 };
      fc.assert(
        fc.property(valueOf(schema.getType(input) as GraphQLInputType), (value) => {
          const expected = getVariableValues(schema, definitions, { v: value });
          verdicts[expected.errors ? 'refused' : 'accepted']++;
          expect(compiled.refuses({ v: value }), JSON.stringify(value)).toBe(expected.errors !== undefined);
          if (!expected.errors) expect(compiled.coerce({ v: value }).coerced, JSON.stringify(value)).toStrictEqual(expected.coerced);
        }),
        { numRuns: RUNS, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
      );
      // Both verdicts were put to the test, not only one (each is a few per cent of runs or more).
      expect(verdicts.accepted).toBeGreaterThanOrEqual(RUNS / 100);
      expect(verdicts.refused).toBeGreaterThanOrEqual(RUNS / 100);
    });
  }
});
