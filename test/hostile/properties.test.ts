import fc from 'fast-check';
import { afterAll, beforeAll, it } from 'vitest';
import { writeArtifact } from '../support/artifacts.js';
import { aliasAttacks } from './aliases.js';
import { type Attack, requestOf, type SentAttack, type Sender, sent } from './attacks.js';
import { BOUNDS, PROPERTY_BUDGET_MS, RUNS, SEED } from './bounds.js';
import { expectBounded } from './checks.js';
import { defaultsAttacks, writesOf } from './defaults.js';
import { directivesAttacks } from './directives.js';
import { entitiesAttacks } from './entities.js';
import { fragmentAttacks } from './fragments.js';
import { httpBatchAttacks } from './http-batches.js';
import { mixedAttacks } from './mixes.js';
import { paddedAttacks } from './padding.js';
import { rawBodyAttacks } from './raw-bodies.js';
import { repeatedFieldAttacks } from './repeated-fields.js';
import { type Outcome, Target } from './target.js';
import { writeChainAttacks } from './write-chains.js';

/**
 * Generated hostile requests against the real server in a process of its own (see `target.ts`),
 * one property per kind of attack and one for all of them mixed. Every request is held to the
 * bounds in `checks.ts`. `HOSTILE_RUNS` sets the runs per property, `HOSTILE_SEED` the seed (fixed
 * by default, and printed), `HOSTILE_PATH` replays one counterexample that fast-check reported.
 */

let target: Target;

beforeAll(async () => {
  target = await Target.start();
  console.log(`hostile: seed ${SEED}, ${RUNS} runs per property (HOSTILE_SEED, HOSTILE_RUNS); bounds ${JSON.stringify(BOUNDS)}`);
}, 60_000);

afterAll(async () => {
  if (!target) return;
  const summary = target.figures.summary();
  console.log(`hostile suite: ${summary}`);
  writeArtifact('hostile', { seed: SEED, runsPerProperty: RUNS, bounds: BOUNDS, ...target.figures, summary });
  await target.stop();
}, 30_000);

/** One property: every request generated from `attacks` stays within the bounds (and `extra`'s). */
function property(name: string, attacks: fc.Arbitrary<SentAttack>, extra?: (attack: SentAttack, outcome: Outcome) => string[]) {
  it(
    name,
    async () => {
      await fc.assert(
        fc.asyncProperty(attacks, async (attack) => {
          const outcome = await target.attack(requestOf(attack));
          expectBounded(outcome, extra?.(attack, outcome));
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          ...(process.env.HOSTILE_PATH ? { path: process.env.HOSTILE_PATH } : {}),
          interruptAfterTimeLimit: PROPERTY_BUDGET_MS,
          // Requests are seconds at worst; a long shrink is bounded by the time limit above.
          timeout: 60_000,
        },
      );
    },
    PROPERTY_BUDGET_MS + 90_000,
  );
}

const demo = fc.constant<Sender>('demo');
/** MAX_BATCH_REQUESTS and MAX_MUTATION_FIELDS, both 500 by default. */
const MAX_WRITES_PER_OPERATION = Math.min(Number(process.env.MAX_BATCH_REQUESTS ?? 500), Number(process.env.MAX_MUTATION_FIELDS ?? 500));

property('documents built from fragments (chains, repeated spreads, diamonds, up to 26 deep)', sent(fragmentAttacks, demo));
property('many, long and __proto__ aliases', sent(aliasAttacks));
property('the same response key thousands of times', sent(repeatedFieldAttacks, demo));
property('writes hidden in variables and their default values', sent(defaultsAttacks), ({ attack }, outcome) =>
  attack.kind === 'defaults' &&
  writesOf(attack) > MAX_WRITES_PER_OPERATION &&
  !outcome.errors.some((error) => error.code === 'LIMIT_EXCEEDED')
    ? [
        `was not refused, though its variables ask for ${writesOf(attack)} writes (MAX_BATCH_REQUESTS and MAX_MUTATION_FIELDS are ${MAX_WRITES_PER_OPERATION})`,
      ]
    : [],
);
property('directives by the hundred', sent(directivesAttacks, demo));
property('_entities representations: many, key-less, of wrong types, malformed, huge', sent(entitiesAttacks, demo), (_attack, outcome) =>
  outcome.stackLines > 0 ? [`logged ${outcome.stackLines} lines with a stack (a bad representation is the caller's error)`] : [],
);
property(
  'many writes to one resource; with a refused token, one call ends the queue',
  sent(writeChainAttacks, fc.constantFrom<Sender>('demo', 'refused')),
  ({ attack, sender }, outcome) =>
    sender === 'refused' && attack.kind === 'chain' && attack.resources === 1 && outcome.unauthorizedCalls > 1
      ? [`sent ${outcome.unauthorizedCalls} calls with a token refused by the first (a 401 ends the queue)`]
      : [],
);
property('HTTP batches of operations', sent(httpBatchAttacks()));
property('padding up to MAX_BODY_BYTES', sent(paddedAttacks(), demo));
property('bodies hostile as JSON', sent(rawBodyAttacks, demo));
property('all of it mixed', sent(mixedAttacks as fc.Arbitrary<Attack>));
