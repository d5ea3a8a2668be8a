import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  parse,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { InputCoercion } from '../../../src/http/input-coercion.js';
import { servedRules } from '../../../src/http/operation-rules.js';
import { prepareExecution } from '../../../src/http/prepared-execution.js';
import { prepare } from '../../../src/http/trusted-lane.js';
import { loadTrustedDocuments } from '../../../src/http/trusted-documents.js';
import { graphQLJSExecutor } from '../../../src/http/use-graphql-js-executor.js';
import { analyze } from '../../../src/planner/analyze.js';
import { planMutation } from '../../../src/planner/plan.js';
import { concurrentSchemas, executePlan } from '../../../src/planner/use-mutation-planner.js';
import { batchableOf } from '../../../src/schema/batchable.js';
import { CronofyRequestError, ValidationError } from '../../../src/schema/errors.js';
import { schema } from '../../../src/schema/index.js';
import { WriteSuccess } from '../../../src/schema/submit.js';
import { LANE_CORPUS } from '../../support/lane-corpus.js';
import { upsertOperation } from '../../support/stack.js';
import { random, type Random } from '../../support/random.js';

/**
 * The prepared executor against graphql-js: random trusted mutations built from the schema's
 * result types (aliases, repeated keys, inline and named fragments on every type that may hold
 * them, `__typename`), run through both with the same root resolvers answering generated
 * outcomes (members of each union, thrown and rejected errors, null, values no member takes,
 * members missing non-null fields), must give the same result, key order and errors included.
 */

const INPUTS: Record<string, { type: string; value: Record<string, unknown> }> = {
  upsertEvent: {
    type: 'UpsertEventInput',
    value: { calendarId: 'cal_1', eventId: 'e', summary: 'S', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' },
  },
  deleteEvent: { type: 'DeleteEventInput', value: { calendarId: 'cal_1', eventId: 'e' } },
  editExternalEvent: {
    type: 'EditExternalEventInput',
    value: { calendarId: 'cal_1', eventUid: 'u', summary: 'S', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' },
  },
  deleteExternalEvent: { type: 'DeleteExternalEventInput', value: { calendarId: 'cal_1', eventUid: 'u' } },
  upsertAvailablePeriod: {
    type: 'UpsertAvailablePeriodInput',
    value: { availablePeriodId: 'a', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
  },
  deleteAvailablePeriod: { type: 'DeleteAvailablePeriodInput', value: { availablePeriodId: 'a' } },
  deleteAllAvailablePeriods: { type: 'DeleteAllAvailablePeriodsInput', value: { deleteAll: true } },
};
const KINDS = Object.keys(INPUTS);

/** Selection sets over the schema's result types, and the named fragments they spread. */
class Selections {
  readonly fragments: string[] = [];
  constructor(
    readonly rng: Random,
    readonly target: GraphQLSchema,
  ) {}

  /** A selection set for `type`, always holding at least one field. */
  of(type: GraphQLNamedType, depth = 0): string {
    const items = [this.field(type, depth)];
    const count = this.rng.int(4);
    for (let i = 0; i < count; i++) items.push(this.item(type, depth));
    return `{ ${items.join(' ')} }`;
  }

  item(type: GraphQLNamedType, depth: number): string {
    const roll = this.rng.int(10);
    if (roll < 5 || depth > 3) return this.field(type, depth);
    const condition = this.rng.pick(this.conditionsFor(type));
    if (roll < 8) return condition ? `... on ${condition.name} ${this.of(condition, depth + 1)}` : `... ${this.of(type, depth + 1)}`;
    const on = condition ?? type;
    const name = `F${this.fragments.length}`;
    this.fragments.push('');
    this.fragments[Number(name.slice(1))] = `fragment ${name} on ${on.name} ${this.of(on, depth + 1)}`;
    return `...${name}`;
  }

  /** A field of `type` (or `__typename`), maybe aliased: each alias belongs to one field name, so repeated keys merge. */
  field(type: GraphQLNamedType, depth: number): string {
    const names = isObjectType(type) || isInterfaceType(type) ? [...Object.keys(type.getFields()), '__typename'] : ['__typename'];
    const name = this.rng.pick(names);
    const alias = this.rng.chance(0.3) ? `${name}${this.rng.pick(['A', 'B'])}: ` : '';
    const fieldType =
      name === '__typename' ? undefined : (type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name]!.type;
    const named = fieldType && getNamedType(fieldType);
    return named && (isObjectType(named) || isAbstractType(named)) ? `${alias}${name} ${this.of(named, depth + 1)}` : `${alias}${name}`;
  }

  /** Type conditions that may appear within `type`: none, itself, its members, the interfaces and unions they share. */
  conditionsFor(type: GraphQLNamedType): Array<GraphQLNamedType | undefined> {
    const conditions: Array<GraphQLNamedType | undefined> = [undefined, type];
    const members = isAbstractType(type) ? this.target.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const member of members) {
      conditions.push(member, ...member.getInterfaces());
      for (const other of Object.values(this.target.getTypeMap())) {
        if (isUnionType(other) && other.getTypes().includes(member)) conditions.push(other);
      }
    }
    return conditions;
  }
}

/** What a root resolver answers: a member, a malformed value, an error thrown or rejected; at once or later. */
function outcome(rng: Random, kind: string): () => unknown {
  const ids = { calendarId: 'cal_1', eventId: 'e', eventUid: 'u', availablePeriodId: 'a' };
  const values: Array<() => unknown> = [
    () => new WriteSuccess(kind as never, 202, ids as never),
    () => new WriteSuccess(kind as never, 202, { calendarId: 'cal_1' } as never),
    () => new WriteSuccess(rng.pick(KINDS) as never, 200, ids as never),
    () => new ValidationError('Refused.', []),
    () =>
      new ValidationError('Refused.', [
        { field: 'summary', key: 'errors.too_long', description: 'Too long.' },
        { field: 'x', key: 'k', description: 'd', inSchema: false },
      ]),
    () => new ValidationError('Refused.', [{ field: 'summary', key: 'errors.too_long', description: 'Too long.' }, null] as never),
    () => new ValidationError('Refused.', 'not a list' as never),
    () => new ValidationError(null as never, [{ key: 'k', description: 'd' }] as never),
    () => new CronofyRequestError('Not found.', 404),
    () => new CronofyRequestError('Odd.', 'x' as never),
    () => null,
    () => ({}),
    // `status` is read by graphql-js' default resolver: values no resolver of ours gives, each read
    // as often as graphql-js reads it (a getter answers differently on a second read).
    ...[
      () => Promise.resolve(202),
      () => Promise.reject(new Error('Late')),
      () => () => 201,
      () => 'not an Int',
      () => null,
      () => undefined,
      () => new Error('An error as a value'),
      () => {
        throw new Error('The getter threw');
      },
    ].map(
      (status) => () =>
        // Made anew for each run, so that each run's first read is a first read.
        new Fresh(() => {
          let reads = 0;
          const success = new WriteSuccess(kind as never, 0, ids as never);
          Object.defineProperty(success, 'status', { get: () => (++reads === 1 ? status() : 500) });
          return success;
        }),
    ),
  ];
  const picked = rng.pick(values)();
  const value = picked instanceof Fresh ? picked : { make: () => picked };
  const error = rng.pick([
    new GraphQLError('The call failed.', { extensions: { code: 'UPSTREAM_UNAVAILABLE', retryAfter: 3 } }),
    new Error('Boom'),
  ]);
  switch (rng.int(6)) {
    case 0:
      return () => {
        throw error;
      };
    case 1:
      return () => Promise.reject(error);
    case 2:
      return () => value.make();
    default:
      return () => new Promise((resolve) => setTimeout(() => resolve(value.make()), rng.int(3)));
  }
}

/** An outcome made anew each time a resolver answers it. */
class Fresh {
  constructor(readonly make: () => unknown) {}
}

/** The schema with each root mutation resolver answering what `answers` holds for its response key. */
function withAnswers(answers: Map<string, () => unknown>): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (config) => ({
      ...config,
      resolve: (_source, _args, _context, info) => answers.get(String(info.path.key))!(),
    }),
  });
}

const isLaneWrite = (definition: GraphQLField<unknown, unknown>) =>
  batchableOf(definition) !== undefined && !isListType(getNullableType(definition.type));

/** As the lane ran it before: the mutation planner's plan through graphql-js. */
async function referenceResult(
  target: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): Promise<ExecutionResult> {
  const args: ExecutionArgs = { schema: target, document, variableValues: variables, contextValue: {} };
  const plan = planMutation(analyze(target, document, null), variables);
  const execute = graphQLJSExecutor();
  return plan ? executePlan(plan, args, execute, concurrentSchemas()) : (execute(args) as Promise<ExecutionResult>);
}

describe('prepareExecution: the same results as graphql-js', () => {
  it('for 500 random selections over every result type, with generated outcomes', async () => {
    let compared = 0;
    const seen = new Set<string>();
    for (let seed = 1; seed <= 500; seed++) {
      const rng = random(seed);
      const answers = new Map<string, () => unknown>();
      const target = withAnswers(answers);
      const selections = new Selections(rng, target);
      const definitions: string[] = [];
      const fields: string[] = [];
      const variables: Record<string, unknown> = {};
      const roots = 1 + rng.int(4);
      for (let i = 0; i < roots; i++) {
        const kind = rng.pick(KINDS);
        const key = `r${i}`;
        const { type, value } = INPUTS[kind]!;
        const result = getNamedType(target.getMutationType()!.getFields()[kind]!.type);
        definitions.push(`$v${i}: ${type}!`);
        variables[`v${i}`] = value;
        fields.push(`${key}: ${kind}(input: $v${i}) ${selections.of(result)}`);
        // A repeated root key: the same field, arguments and all, its selections merged.
        if (rng.chance(0.2)) fields.push(`${key}: ${kind}(input: $v${i}) ${selections.of(result)}`);
        answers.set(key, outcome(rng, kind));
      }
      const text = `mutation Generated(${definitions.join(', ')}) {\n${fields.join('\n')}\n}\n${selections.fragments.join('\n')}`;
      const document = parse(text);
      const problems = validate(target, document);
      if (problems.length > 0) continue;
      const operation = document.definitions[0] as never;
      const prepared = prepareExecution(target, document, operation, new InputCoercion(), isLaneWrite);
      expect(prepared, text).toBeDefined();
      const ours = await prepared!.run({}, variables);
      const theirs = await referenceResult(target, document, variables);
      expect(JSON.stringify(ours), `seed ${seed}:\n${text}`).toBe(JSON.stringify(theirs));
      compared++;
      for (const error of ours!.errors ?? []) seen.add(error.message.replace(/[:"].*/s, ''));
    }
    // Most generated documents are valid; an invalid one is skipped, not compared.
    expect(compared).toBeGreaterThan(420);
    // Each kind of error graphql-js words was met: resolvers', null propagation, serialize, resolveType,
    // isTypeOf, lists, and a default resolver's property that throws, rejects or is an error.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'Boom',
        'The call failed.',
        'Cannot return null for non-nullable field ValidationError.fieldErrors.',
        'Cannot return null for non-nullable field ValidationError.message.',
        'Expected Iterable, but did not find one for field ',
        'Expected value of type ',
        'Int cannot represent non-integer value',
        'Runtime Object type ',
        'The getter threw',
      ]),
    );
  });

  it("reads a default resolver's property as often as graphql-js, whatever it holds", async () => {
    const document = parse(
      'mutation($e: UpsertEventInput!) { a: upsertEvent(input: $e) { __typename ... on UpsertEventSuccess { status s: status } } }',
    );
    const statuses: Array<[string, () => unknown]> = [
      ['a number', () => 202],
      ['a promise', () => Promise.resolve(202)],
      ['a rejection', () => Promise.reject(new Error('Late'))],
      ['a method', () => () => 201],
      ['no Int', () => 'not an Int'],
      ['null', () => null],
      ['an error', () => new Error('An error as a value')],
      [
        'a throw',
        () => {
          throw new Error('The getter threw');
        },
      ],
    ];
    for (const [name, status] of statuses) {
      // Each run gets its own value, whose second read differs from its first.
      const answer = () => {
        let reads = 0;
        const success = new WriteSuccess('upsertEvent', 0, { calendarId: 'cal_1', eventId: 'e' });
        Object.defineProperty(success, 'status', { get: () => (++reads <= 2 ? (reads === 1 ? status() : 500) : 599) });
        return success;
      };
      const target = withAnswers(new Map([['a', answer]]));
      const prepared = prepareExecution(target, document, document.definitions[0] as never, new InputCoercion(), isLaneWrite);
      const variables = { e: INPUTS.upsertEvent!.value };
      const ours = await prepared!.run({}, variables);
      expect(JSON.stringify(ours), name).toBe(JSON.stringify(await referenceResult(target, document, variables)));
    }
  });

  it('runs nothing and answers undefined when the variables do not coerce, as graphql-js refuses them', () => {
    const document = parse(
      'mutation($e: DeleteEventInput!) { a: deleteEvent(input: $e) { __typename } b: deleteEvent(input: $e) { __typename } }',
    );
    const answers = new Map<string, () => unknown>([
      ['a', () => expect.unreachable()],
      ['b', () => expect.unreachable()],
    ]);
    const target = withAnswers(answers);
    const prepared = prepareExecution(target, document, document.definitions[0] as never, new InputCoercion(), isLaneWrite);
    expect(prepared!.run({}, { e: { calendarId: 'cal_1' } })).toBeUndefined();
    expect(prepared!.run({}, {})).toBeUndefined();
  });

  it('leaves to graphql-js the shapes it does not take: directives, a query, a root __typename, a list answer, an unknown field, a __proto__ key', () => {
    const notTaken = [
      'mutation($e: DeleteEventInput!) { deleteEvent(input: $e) { __typename @include(if: true) } }',
      'mutation($e: DeleteEventInput!) { deleteEvent(input: $e) { ...F } } fragment F on DeleteEventResult @unknown { __typename }',
      'query { _service { sdl } }',
      'mutation($e: DeleteEventInput!) { __typename deleteEvent(input: $e) { __typename } }',
      'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }',
      'mutation($e: DeleteEventInput!) { deleteEvent(input: $e) { nothing } }',
      'mutation($e: DeleteEventInput!) { deleteEvent(input: $e) { ...Missing } }',
      'mutation($e: DeleteEventInput!) { __proto__: deleteEvent(input: $e) { __typename } }',
      'mutation($e: DeleteEventInput!) { deleteEvent(input: $e) { ... on DeleteEventSuccess { __proto__: calendarId } } }',
    ];
    for (const text of notTaken) {
      const document = parse(text);
      expect(prepareExecution(schema, document, document.definitions[0] as never, new InputCoercion(), isLaneWrite), text).toBeUndefined();
    }
  });
});

describe('prepare: the lane prepares its executor for every document of its differential corpus', () => {
  it('for the corpus, the 50- and 60-field documents and the examples', () => {
    const texts = [...Object.values(LANE_CORPUS).map(({ query }) => query), upsertOperation(50).query, upsertOperation(60).query];
    const manifest = Object.fromEntries(texts.map((text) => [`sha256:${createHash('sha256').update(text).digest('hex')}`, text]));
    const path = join(mkdtempSync(join(tmpdir(), 'lane-')), 'manifest.json');
    writeFileSync(path, JSON.stringify(manifest));
    const config = loadConfig({});
    const trusted = loadTrustedDocuments([path], schema, { rules: servedRules(config), maxTokens: config.limits.tokens })!;
    const operations = prepare(trusted, config.limits);
    for (const [id, text] of Object.entries(manifest)) {
      const byName = operations.get(trusted.get(id)!.document);
      expect(byName, text).toBeDefined();
      for (const operation of byName!.values()) expect(operation.execution, text).toBeDefined();
    }
  });
});
