import fc from 'fast-check';
import { type AliasAttack, aliasAttacks, aliasOperation } from './aliases.js';
import { type DefaultsAttack, defaultsAttacks, defaultsOperation } from './defaults.js';
import { type DirectivesAttack, directivesAttacks, directivesOperation } from './directives.js';
import { type EntitiesAttack, entitiesAttacks, entitiesOperation } from './entities.js';
import { type FragmentAttack, fragmentAttacks, fragmentOperation } from './fragments.js';
import { type RepeatedFieldAttack, repeatedFieldAttacks, repeatedFieldOperation } from './repeated-fields.js';
import type { Operation } from './request.js';
import { type WriteChainAttack, writeChainAttacks, writeChainOperation } from './write-chains.js';

/** Every generated single operation; each kind is built by its own module. */
export type OperationAttack =
  FragmentAttack | AliasAttack | RepeatedFieldAttack | DefaultsAttack | DirectivesAttack | EntitiesAttack | WriteChainAttack;

export const operationAttacks: fc.Arbitrary<OperationAttack> = fc.oneof(
  fragmentAttacks,
  aliasAttacks,
  repeatedFieldAttacks,
  defaultsAttacks,
  directivesAttacks,
  entitiesAttacks,
  writeChainAttacks,
);

export function operationOf(attack: OperationAttack): Operation {
  switch (attack.kind) {
    case 'fragments':
      return fragmentOperation(attack);
    case 'aliases':
      return aliasOperation(attack);
    case 'repeated':
      return repeatedFieldOperation(attack);
    case 'defaults':
      return defaultsOperation(attack);
    case 'directives':
      return directivesOperation(attack);
    case 'entities':
      return entitiesOperation(attack);
    case 'chain':
      return writeChainOperation(attack);
  }
}
