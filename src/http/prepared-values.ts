/**
 * graphql-js 16's `getVariableValues` and `getArgumentValues` for a prepared operation
 * (`prepareExecution`), planned when the manifest loads: per variable its type, resolved once, and
 * the function that coerces it (`InputCoercion.coercerOf`); per root field its arguments, each a
 * bare variable or absent. A request then only reads its values. graphql-js' walk is what it
 * replaces: per request and variable `typeFromAST`, a closure and `coerceInputValue`'s generic walk,
 * a null-prototype map copied into the one it returns; per root field a map of its argument nodes,
 * `valueFromAST` of each and a second copy (2.7% and 1.3% of all CPU for 50-field mutations, with
 * `InputCoercion.prepare`'s copy of the variables besides).
 *
 * The values are the ones graphql-js gives: a map with `Object.prototype` holding each coerced
 * variable in definition order (a variable named `__proto__` or `toString` is an own key, as
 * graphql-js' spread makes it), and arguments as a plain object in the order of their
 * definitions. Whatever the plan does not answer goes to graphql-js itself: a variable of a type
 * that is no input type (the operation then coerces as `graphQLJSExecutor` does), an argument
 * given a literal, one whose variable is missing or null where null is refused (graphql-js reads
 * the default or words the error).
 *
 * ```ts
 * const variables = planVariables(schema, operation, coercion); // at manifest load
 * const values = variables && coerceVariables(variables, rawVariables ?? {}); // undefined: refused
 * const plan = planArguments(field, node); // at manifest load
 * const args = (plan && argumentsByPlan(plan, values)) ?? getArgumentValues(field, node, values);
 * ```
 */
import {
  type ConstValueNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
  valueFromAST,
} from 'graphql';
import { type Coerce, FAILED, type InputCoercion } from './input-coercion.js';

interface VariablePlan {
  name: string;
  type: GraphQLInputType;
  /** Refused when missing without a default, or null. */
  nonNull: boolean;
  defaultValue: ConstValueNode | undefined;
  /** The coercer of the type without its non-null wrapper: null is checked before. */
  coerce: Coerce;
  /** A name `Object.prototype` holds (`__proto__`): defined rather than assigned, as graphql-js' spread defines it. */
  defined: boolean;
}

export type VariablesPlan = readonly VariablePlan[];

/** The plan of `operation`'s variables, or undefined when one has a type graphql-js would refuse as no input type. */
export function planVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  coercion: InputCoercion,
): VariablesPlan | undefined {
  const plan: VariablePlan[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) return undefined;
    const name = definition.variable.name.value;
    const nonNull = isNonNullType(type);
    plan.push({
      name,
      type,
      nonNull,
      defaultValue: definition.defaultValue,
      coerce: coercion.coercerOf(nonNull ? type.ofType : type),
      defined: name in Object.prototype,
    });
  }
  return plan;
}

/** graphql-js' `getVariableValues(...).coerced`, or undefined where it answers errors. */
export function coerceVariables(plan: VariablesPlan, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  const coerced: Record<string, unknown> = {};
  for (const variable of plan) {
    let value: unknown;
    if (Object.prototype.hasOwnProperty.call(inputs, variable.name)) {
      const input = inputs[variable.name];
      if (input == null && variable.nonNull) return undefined;
      value = variable.coerce(input);
      if (value === FAILED) return undefined;
    } else if (variable.defaultValue) {
      value = valueFromAST(variable.defaultValue, variable.type);
    } else if (variable.nonNull) {
      return undefined;
    } else {
      continue;
    }
    if (variable.defined) Object.defineProperty(coerced, variable.name, { value, writable: true, enumerable: true, configurable: true });
    else coerced[variable.name] = value;
  }
  return coerced;
}

/** One argument of a field: the variable it is given, or absent and its definition's default. */
type ArgumentPlan = { name: string; variable: string; nonNull: boolean } | { name: string; variable: undefined; defaultValue: unknown };

export type ArgumentsPlan = readonly ArgumentPlan[];

/**
 * The plan of `field`'s arguments as `node` gives them, or undefined when graphql-js must read
 * them on every request: an argument given a literal, or a required one absent.
 */
export function planArguments(field: GraphQLField<unknown, unknown>, node: FieldNode): ArgumentsPlan | undefined {
  // As graphql-js' `keyMap`: of two nodes of one name, the last.
  const nodes = new Map((node.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
  const plan: ArgumentPlan[] = [];
  for (const argument of field.args) {
    // Reserved by GraphQL, so never a schema's; an assignment would not make it a key.
    if (argument.name in Object.prototype) return undefined;
    const value = nodes.get(argument.name);
    if (value?.kind === Kind.VARIABLE) {
      plan.push({ name: argument.name, variable: value.name.value, nonNull: isNonNullType(argument.type) });
    } else if (value) {
      return undefined;
    } else if (argument.defaultValue !== undefined) {
      plan.push({ name: argument.name, variable: undefined, defaultValue: argument.defaultValue });
    } else if (isNonNullType(argument.type)) {
      return undefined;
    }
  }
  return plan;
}

/**
 * graphql-js' `getArgumentValues` by `plan` over coerced `variables`, or undefined when a variable
 * is missing or null where null is refused: graphql-js then reads the default or words the error.
 */
export function argumentsByPlan(plan: ArgumentsPlan, variables: Record<string, unknown>): Record<string, unknown> | undefined {
  const args: Record<string, unknown> = {};
  for (const argument of plan) {
    if (argument.variable === undefined) {
      args[argument.name] = argument.defaultValue;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(variables, argument.variable)) return undefined;
    const value = variables[argument.variable];
    if (value === undefined || (value === null && argument.nonNull)) return undefined;
    args[argument.name] = value;
  }
  return args;
}
