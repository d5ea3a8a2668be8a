import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  buildSchema,
  type ExecutionResult,
  type FieldNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLEnumType,
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLSchema,
  isListType,
  NoUnusedVariablesRule,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { InputCoercion } from '../../../src/http/input-coercion.js';
import { prepareExecution } from '../../../src/http/prepared-execution.js';
import { batchableOf } from '../../../src/schema/batchable.js';
import { schema } from '../../../src/schema/index.js';
import { random, type Random } from '../../support/random.js';

/**
 * The prepared executor's variables and root arguments against graphql-js' own: random mutations
 * over every lane write, each root field given its input as a bare variable (non-null, with a
 * default or both, shared by two fields, named `__proto__` or `toString`) or as a literal whose
 * members are variables, with unused variables of every kind of input type besides (scalars,
 * enums, lists, input objects). Each is run with generated variables (missing, null, of the wrong
 * kind, with unknown or `__proto__` keys, lists of one, valid): the executor must refuse exactly
 * what `getVariableValues` refuses, and otherwise hand each resolver the arguments
 * `getArgumentValues` reads from graphql-js' coerced variables, and those variables as
 * `info.variableValues`: the same values, keys in the same order, the same prototypes.
 */

/** A schema whose root resolvers record each call: its response key, its arguments and `info.variableValues`. */
interface Target {
  schema: GraphQLSchema;
  calls: Array<{ key: string; args: unknown; variables: unknown }>;
  isTaken: (definition: GraphQLField<unknown, unknown>) => boolean;
}

function recording(base: GraphQLSchema, isTaken: Target['isTaken']): Target {
  const calls: Target['calls'] = [];
  const recorded = mapSchema(base, {
    [MapperKind.MUTATION_ROOT_FIELD]: (config) => ({
      ...config,
      resolve: (_source, args, _context, info) => {
        calls.push({ key: String(info.path.key), args, variables: info.variableValues });
        return null;
      },
    }),
  });
  return { schema: recorded, calls, isTaken };
}

const isLaneWrite = (definition: GraphQLField<unknown, unknown>) =>
  batchableOf(definition) !== undefined && !isListType(getNullableType(definition.type));
const lane = recording(schema, isLaneWrite);
const WRITES = Object.values(lane.schema.getMutationType()!.getFields()).filter(isLaneWrite);
const inputTypeOf = (write: GraphQLField<unknown, unknown>) => getNamedType(write.args[0]!.type) as GraphQLInputObjectType;

/** The lane's writes take one argument each: a field of many, in an order unlike the document's, with defaults. */
const many = recording(
  buildSchema(`
    input In { x: Int!, y: String = "y", z: [Int!] }
    type Query { q: Boolean }
    type Mutation { write(b: Int = 2, a: String!, c: [Int], d: In = { x: 1 }, e: In, f: In!, g: String = null): Boolean }
  `),
  () => true,
);

/** Types of variables no argument reads: every kind of input type, wrapped or not. */
const UNUSED_TYPES = [
  'Int',
  'String!',
  'Boolean',
  'Transparency',
  '[String!]',
  '[Int]!',
  '[AttendeeInput!]',
  'UpsertEventInput',
  'EventTime',
];
/** Names Object.prototype holds, and the one that is its accessor. */
const ODD_NAMES = ['__proto__', 'toString', 'constructor', 'hasOwnProperty'];

const SCALARS: Record<string, { takes: unknown[]; refuses: unknown[]; literal: string }> = {
  String: { takes: ['cal_1', ''], refuses: [1, true, {}], literal: '"s"' },
  ID: { takes: ['evt_1', 7], refuses: [true, 1.5], literal: '"id"' },
  Boolean: { takes: [true, false], refuses: ['true', 0], literal: 'true' },
  Int: { takes: [0, 10, -5], refuses: [2 ** 31, 1.5, '1'], literal: '3' },
  Float: { takes: [1.5, 0], refuses: ['1.5', true], literal: '1.5' },
  Instant: {
    takes: ['2026-12-07T09:00:00Z', '2026-12-07T10:00:00+01:00'],
    refuses: ['2026-02-30T09:00:00Z', 5],
    literal: '"2026-12-07T09:00:00Z"',
  },
  EventTime: { takes: ['2026-12-07', '2026-12-07T09:00:00Z'], refuses: ['2026-13-01', false], literal: '"2026-12-08"' },
};
const WRONG: unknown[] = [42, 'x', true, [], {}, 1.5];

/** An own key, even `__proto__` (which an assignment would take for the prototype). */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A value for `type`: with `wild`, sometimes wrong at any level; without, one graphql-js takes (null where it may be). */
function valueOf(rng: Random, type: GraphQLInputType, wild: boolean, depth = 0): unknown {
  const roll = rng.int(24);
  if (roll === 0 && (wild || !(type instanceof GraphQLNonNull))) return null;
  if (roll === 1 && wild) return rng.pick(WRONG);
  if (type instanceof GraphQLNonNull) return valueOf(rng, type.ofType, wild, depth);
  if (depth > 3) return null;
  if (type instanceof GraphQLList) {
    if (rng.chance(0.3)) return valueOf(rng, type.ofType, wild, depth + 1);
    return Array.from({ length: rng.int(3) }, () => valueOf(rng, type.ofType, wild, depth + 1));
  }
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = field.type instanceof GraphQLNonNull;
      if (required ? !wild || rng.chance(0.97) : rng.chance(0.15)) setKey(value, field.name, valueOf(rng, field.type, wild, depth + 1));
    }
    if (wild && rng.chance(0.1)) setKey(value, rng.pick(['unknownField', '__proto__', 'toString']), 'x');
    return value;
  }
  if (type instanceof GraphQLEnumType) return !wild || rng.chance(0.9) ? rng.pick(type.getValues()).name : 'NOT_A_MEMBER';
  const samples = SCALARS[(type as GraphQLScalarType).name]!;
  return !wild || rng.chance(0.9) ? rng.pick(samples.takes) : rng.pick(samples.refuses);
}

/** A GraphQL literal `type` takes, for a default. */
function literalOf(rng: Random, type: GraphQLInputType, depth = 0): string {
  if (type instanceof GraphQLNonNull) return literalOf(rng, type.ofType, depth);
  if (type instanceof GraphQLList) {
    if (rng.chance(0.3) || depth > 2) return depth > 2 ? '[]' : literalOf(rng, type.ofType, depth + 1);
    return `[${Array.from({ length: rng.int(3) }, () => literalOf(rng, type.ofType, depth + 1)).join(', ')}]`;
  }
  if (type instanceof GraphQLInputObjectType) {
    const members = Object.values(type.getFields())
      .filter((field) => field.type instanceof GraphQLNonNull || (depth < 2 && rng.chance(0.1)))
      .map((field) => `${field.name}: ${literalOf(rng, field.type, depth + 1)}`);
    return `{ ${members.join(', ')} }`;
  }
  if (type instanceof GraphQLEnumType) return rng.pick(type.getValues()).name;
  return SCALARS[(type as GraphQLScalarType).name]!.literal;
}

/** A variable definition for a use where `location` is expected: any the validation rules allow there. */
function definitionFor(rng: Random, location: GraphQLInputType): string {
  const nullable = String(getNullableType(location));
  const defaultOf = () => literalOf(rng, location);
  const forms =
    location instanceof GraphQLNonNull
      ? [`${nullable}!`, `${nullable}! = ${defaultOf()}`, `${nullable} = ${defaultOf()}`]
      : [nullable, `${nullable}!`, `${nullable} = ${defaultOf()}`, `${nullable} = null`, `${nullable}! = ${defaultOf()}`];
  return rng.pick(forms);
}

interface Generated {
  text: string;
  /** Each defined variable's type, by name. */
  types: Map<string, GraphQLInputType>;
  /** The variables defined with a default. */
  defaults: Set<string>;
}

/** The variables a generated operation defines, some named as Object.prototype's members. */
class Definitions {
  readonly definitions = new Map<string, string>();
  readonly types = new Map<string, GraphQLInputType>();
  readonly defaults = new Set<string>();
  readonly #odd = [...ODD_NAMES];
  constructor(
    readonly rng: Random,
    readonly target: Target,
  ) {}

  /** A new variable for a use where `location` is expected, or of `text`; its name. */
  define(hint: string, location: GraphQLInputType | string): string {
    const { rng } = this;
    const odd = this.#odd.length > 0 && rng.chance(0.15) ? this.#odd.splice(rng.int(this.#odd.length), 1)[0] : undefined;
    const name = odd ?? `${hint}${this.definitions.size}`;
    const definition = typeof location === 'string' ? location : definitionFor(rng, location);
    this.definitions.set(name, definition);
    this.types.set(name, typeFromText(this.target.schema, definition.replace(/\s*=.*$/s, '')));
    if (definition.includes('=')) this.defaults.add(name);
    return name;
  }

  operation(fields: string[]): Generated {
    const list = [...this.definitions].map(([name, definition]) => `$${name}: ${definition}`);
    const text = `mutation Generated${list.length ? `(${list.join(', ')})` : ''} {\n  ${fields.join('\n  ')}\n}`;
    return { text, types: this.types, defaults: this.defaults };
  }
}

/** A mutation over random lane writes, each given its input as a bare variable or a literal of variables, and unused variables. */
function laneOperation(rng: Random): Generated {
  const definitions = new Definitions(rng, lane);
  const fields: string[] = [];
  const bare = new Map<string, string>();
  const roots = 1 + rng.int(4);
  for (let i = 0; i < roots; i++) {
    const write = rng.pick(WRITES);
    const argument = write.args[0]!;
    const input = inputTypeOf(write);
    let value: string;
    const shared = bare.get(input.name);
    if (shared && rng.chance(0.2)) {
      value = `$${shared}`;
    } else if (rng.chance(0.65)) {
      const name = definitions.define('v', argument.type);
      bare.set(input.name, name);
      value = `$${name}`;
    } else {
      const members: string[] = [];
      for (const field of Object.values(input.getFields())) {
        const required = field.type instanceof GraphQLNonNull;
        if (!required && !rng.chance(0.2)) continue;
        const member = rng.chance(0.5) ? literalOf(rng, field.type) : `$${definitions.define('m', field.type)}`;
        members.push(`${field.name}: ${member}`);
      }
      value = `{ ${members.join(', ')} }`;
    }
    fields.push(`r${i}: ${write.name}(${argument.name}: ${value}) { __typename }`);
  }
  const unused = rng.int(3);
  for (let i = 0; i < unused; i++) {
    const type = rng.pick(UNUSED_TYPES);
    const form = rng.int(3);
    const literal = literalOf(rng, typeFromText(lane.schema, type));
    definitions.define('u', form === 0 ? type : form === 1 ? `${type} = ${literal}` : type.replace(/!$/, '') + ' = null');
  }
  return definitions.operation(fields);
}

/** Root fields of many arguments, in any order, each absent (where it may be), a literal or a variable. */
function manyArgumentsOperation(rng: Random): Generated {
  const definitions = new Definitions(rng, many);
  const field = many.schema.getMutationType()!.getFields().write!;
  const fields: string[] = [];
  const roots = 1 + rng.int(3);
  for (let i = 0; i < roots; i++) {
    const given: string[] = [];
    for (const argument of [...field.args].sort(() => rng.int(3) - 1)) {
      const required = argument.type instanceof GraphQLNonNull && argument.defaultValue === undefined;
      // Mostly absent or variables, so that most fields are read by the plan rather than by graphql-js.
      const roll = rng.int(10);
      if (roll < 2 && !required) continue;
      given.push(`${argument.name}: ${roll === 2 ? literalOf(rng, argument.type) : `$${definitions.define('v', argument.type)}`}`);
    }
    fields.push(`r${i}: write${given.length ? `(${given.join(', ')})` : ''}`);
  }
  return definitions.operation(fields);
}

function typeFromText(target: GraphQLSchema, text: string): GraphQLInputType {
  const nonNull = text.endsWith('!');
  const inner = nonNull ? text.slice(0, -1) : text;
  const type: GraphQLInputType = inner.startsWith('[')
    ? new GraphQLList(typeFromText(target, inner.slice(1, -1)))
    : (target.getType(inner) as GraphQLInputType);
  return nonNull ? new GraphQLNonNull(type) : type;
}

/** The variables a client sends: each missing, null or a value, with unknown and `__proto__` keys, through JSON. */
function variablesFor(rng: Random, types: Map<string, GraphQLInputType>): Record<string, unknown> | undefined {
  if (types.size === 0 && rng.chance(0.5)) return undefined;
  const variables: Record<string, unknown> = {};
  for (const [name, type] of types) {
    const roll = rng.int(40);
    if (roll < 3) continue;
    setKey(variables, name, roll < 6 ? null : valueOf(rng, type, roll < 12));
  }
  if (rng.chance(0.1)) setKey(variables, rng.pick(['extra', '__proto__', 'toString']), rng.pick(WRONG));
  return JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
}

/** The value with every object's prototype and own keys spelled out, in order. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value);
  return {
    prototype: prototype === null ? 'null' : prototype === Object.prototype ? 'Object' : prototype === Array.prototype ? 'Array' : 'other',
    keys: Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), descriptor.enumerable, shape(descriptor.value)];
    }),
  };
}

interface Expected {
  refused: boolean;
  variables?: Record<string, unknown>;
  /** Per root field, in document order: its arguments, or the error graphql-js throws reading them. */
  fields: Array<{ key: string; args?: unknown; error?: string }>;
}

/** What graphql-js gives: `getVariableValues`, then `getArgumentValues` per root field. */
function graphQLJS(target: Target, text: string, variables: Record<string, unknown> | undefined): Expected {
  const operation = parse(text).definitions[0] as OperationDefinitionNode;
  const mutationFields = target.schema.getMutationType()!.getFields();
  const coerced = getVariableValues(target.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
  if (!coerced.coerced) return { refused: true, fields: [] };
  const fields = operation.selectionSet.selections.map((selection) => {
    const node = selection as FieldNode;
    const key = node.alias!.value;
    try {
      return { key, args: getArgumentValues(mutationFields[node.name.value]!, node, coerced.coerced) };
    } catch (error) {
      return { key, error: (error as Error).message };
    }
  });
  return { refused: false, variables: coerced.coerced, fields };
}

/** What the prepared executor gives, as `graphQLJS` words it. */
async function prepared(target: Target, text: string, variables: Record<string, unknown> | undefined): Promise<Expected> {
  const { calls } = target;
  const document = parse(text);
  const execution = prepareExecution(target.schema, document, document.definitions[0] as never, new InputCoercion(), target.isTaken);
  expect(execution, text).toBeDefined();
  calls.length = 0;
  const run = execution!.run({}, variables);
  if (!run) {
    expect(calls).toEqual([]);
    return { refused: true, fields: [] };
  }
  const result: ExecutionResult = await run;
  const seen = calls.splice(0);
  const fields = Object.keys(result.data ?? {}).map((key) => {
    const call = seen.find((each) => each.key === key);
    if (call) return { key, args: call.args };
    return { key, error: result.errors?.find((error) => error.path?.[0] === key)?.message };
  });
  const each = new Set(seen.map((call) => call.variables));
  expect(each.size, 'one variables map for every resolver').toBeLessThanOrEqual(1);
  return { refused: false, variables: [...each][0] as Record<string, unknown> | undefined, fields };
}

/** Runs `generate`d operations with generated variables both ways; counts what was met. */
async function compare(target: Target, generate: (rng: Random) => Generated, seeds: number) {
  const seen = { refused: 0, ran: 0, argumentErrors: 0, defaults: 0, oddNames: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const rng = random(seed);
    const { text, types, defaults } = generate(rng);
    // Unused variables are kept: the lane never sees them (its documents are validated), the executor must not care.
    const rules = specifiedRules.filter((rule) => rule !== NoUnusedVariablesRule);
    const problems = validate(target.schema, parse(text), rules).map((problem) => problem.message);
    expect(problems, text).toEqual([]);
    for (let round = 0; round < 3; round++) {
      const variables = variablesFor(rng, types);
      const label = `seed ${seed}, round ${round}:\n${text}\nvariables: ${JSON.stringify(variables)}`;
      const expected = graphQLJS(target, text, variables);
      const ours = await prepared(target, text, variables);
      expect(ours.refused, label).toBe(expected.refused);
      expect(shape(ours.fields), label).toEqual(shape(expected.fields));
      // Every resolver that ran saw graphql-js' variables map.
      if (ours.variables !== undefined) expect(shape(ours.variables), label).toEqual(shape(expected.variables));
      if (expected.refused) {
        seen.refused++;
        continue;
      }
      seen.ran++;
      if (expected.fields.some((field) => field.error)) seen.argumentErrors++;
      if ([...defaults].some((name) => !Object.hasOwn(variables ?? {}, name))) seen.defaults++;
      if (ODD_NAMES.some((name) => Object.hasOwn(expected.variables!, name))) seen.oddNames++;
    }
  }
  return seen;
}

describe('prepared variables and root arguments: what graphql-js gives', () => {
  it('for 600 random mutations over the lane writes, 3 sets of variables each', async () => {
    const seen = await compare(lane, laneOperation, 600);
    // The generators reach each case, or the comparison proves little.
    expect(seen.refused).toBeGreaterThan(500);
    expect(seen.ran).toBeGreaterThan(500);
    expect(seen.argumentErrors).toBeGreaterThan(40);
    expect(seen.defaults).toBeGreaterThan(80);
    expect(seen.oddNames).toBeGreaterThan(150);
  });

  it('for 500 random fields of many arguments (absent, defaults, literals, in any order), 3 sets of variables each', async () => {
    const seen = await compare(many, manyArgumentsOperation, 500);
    expect(seen.refused).toBeGreaterThan(500);
    expect(seen.ran).toBeGreaterThan(300);
    expect(seen.argumentErrors).toBeGreaterThan(25);
    expect(seen.defaults).toBeGreaterThan(80);
    expect(seen.oddNames).toBeGreaterThan(150);
  });

  it('reads a variable named __proto__ as a variable, and leaves the map its Object prototype', async () => {
    const text = 'mutation Generated($__proto__: DeleteEventInput!) {\n  r0: deleteEvent(input: $__proto__) { __typename }\n}';
    const variables = JSON.parse('{"__proto__": {"calendarId": "cal_1", "eventId": "e"}}') as Record<string, unknown>;
    const ours = await prepared(lane, text, variables);
    expect(ours.fields).toEqual([{ key: 'r0', args: { input: { calendarId: 'cal_1', eventId: 'e' } } }]);
    expect(Object.getPrototypeOf(ours.variables)).toBe(Object.prototype);
    expect(Object.keys(ours.variables!)).toEqual(['__proto__']);
    expect(shape(ours)).toEqual(shape(graphQLJS(lane, text, variables)));
  });

  // The lane's documents are validated; these are not, and the executor still reads them as graphql-js does.
  it.each([
    {
      what: 'a variable not given is not read from Object.prototype',
      target: lane,
      text: 'mutation Generated($toString: DeleteEventInput) {\n  r0: deleteEvent(input: $toString) { __typename }\n}',
      error: /was not provided a runtime value/,
    },
    {
      what: 'a default that does not coerce leaves the variable undefined',
      target: lane,
      text: 'mutation Generated($v: DeleteEventInput = { calendarId: 1 }) {\n  r0: deleteEvent(input: $v) { __typename }\n}',
      error: /must not be null/,
    },
    {
      what: 'a required argument absent',
      target: many,
      text: 'mutation Generated($f: In!) {\n  r0: write(f: $f)\n}',
      error: /Argument "a" of required type "String!" was not provided/,
    },
  ])('outside validation: $what', async ({ target, text, error }) => {
    const variables = { f: { x: 1 } };
    const expected = graphQLJS(target, text, variables);
    expect(expected.fields[0]!.error).toMatch(error);
    expect(shape((await prepared(target, text, variables)).fields)).toEqual(shape(expected.fields));
  });

  it('runs an operation whose variable has no input type as graphql-js does: refused', async () => {
    const text = 'mutation Generated($e: DeleteEventInput!, $o: DeleteEventResult) {\n  r0: deleteEvent(input: $e) { __typename }\n}';
    const variables = { e: { calendarId: 'cal_1', eventId: 'e' } };
    expect(graphQLJS(lane, text, variables).refused).toBe(true);
    expect((await prepared(lane, text, variables)).refused).toBe(true);
  });
});
