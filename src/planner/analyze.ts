import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getDirectiveValues,
  getOperationAST,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isInputType,
  isNonNullType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
  type ValueNode,
  valueFromAST,
  visit,
} from 'graphql';
import { BATCHABLE, type Batchable, batchableOf } from '../schema/batchable.js';
import { type MutationPlan, planFields } from './plan.js';

/** A root field as execution runs it: every node of one response key, fragments expanded. */
export interface RootField {
  responseKey: string;
  /** The field's name: `__typename`, `__schema` and `__type` included. */
  name: string;
  nodes: FieldNode[];
  /** Its definition on the root type; undefined for meta fields, and for fields the type lacks (validation refuses those). */
  definition: GraphQLField<unknown, unknown> | undefined;
  /** Fields its answer holds for one item: each node and every field nested under it, fragments expanded. */
  width: number;
  /** `__typename`, or marked `BATCHABLE`: it only enqueues writes, so it may start together with its neighbours. */
  concurrent: boolean;
  /** What it writes, for the limits to count; undefined for a field that writes nothing. */
  batchable: Batchable | undefined;
  /**
   * Its arguments, coerced once, when they use no variable (`REFUSED` when they do not coerce:
   * execution refuses them too); undefined when they depend on the variables.
   */
  fixedArguments: Record<string, unknown> | typeof REFUSED | undefined;
}

/** Arguments that do not coerce: execution refuses the field, which starts nothing. */
export const REFUSED = Symbol('refused');

/**
 * Where analyses are kept between requests, by parsed document: Yoga hands the same
 * `DocumentNode` for the same text (its parse cache) and for a trusted document (parsed when its
 * manifest loaded), so an operation seen before costs a lookup. An analysis refers to its
 * document: a cache that holds analyses strongly holds their documents too.
 */
export interface AnalysisCache {
  get(document: DocumentNode): DocumentAnalysis | undefined;
  set(document: DocumentNode, analysis: DocumentAnalysis): void;
}

/**
 * The default cache: an analysis lives as long as its document, so it is bounded by whatever
 * bounds the documents (Yoga's document cache, in bytes; the trusted documents) and never keeps an
 * evicted document alive.
 */
export function analysisCache(): AnalysisCache {
  const analyses = new WeakMap<DocumentNode, DocumentAnalysis>();
  return { get: (document) => analyses.get(document), set: (document, analysis) => void analyses.set(document, analysis) };
}

/**
 * The analysis of one operation of `document`, from `cache` when the document was analysed before
 * against the same schema; undefined when the document has no such operation (execution answers
 * that) or the schema no root type for it.
 *
 * ```ts
 * const analyses = analysisCache();
 * const analysis = analyze(schema, document, 'Plan', analyses); // walks the document
 * analyze(schema, document, 'Plan', analyses) === analysis; // a lookup
 * ```
 */
export function analyze(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  cache?: AnalysisCache,
): OperationAnalysis | undefined {
  let analysis = cache?.get(document);
  if (analysis?.schema !== schema) {
    analysis = new DocumentAnalysis(schema, document);
    cache?.set(document, analysis);
  }
  return analysis.operation(operationName);
}

/**
 * What a document is, once: its fragments by name, whether it defers or decides fields by
 * variables, and how many fields each selection holds. Its operations are analysed as they are
 * asked for, each once.
 */
export class DocumentAnalysis {
  /** Of two fragments with one name (which validation refuses), the first. */
  readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** `@defer` or `@stream` somewhere: such documents run as plain execution. */
  readonly incremental: boolean;
  /** `@skip` or `@include` somewhere: which root fields run depends on the variables. */
  readonly conditional: boolean;
  /** By operation name as requested (null for none); only names of operations the document has. */
  readonly #operations = new Map<string | null, OperationAnalysis | null>();
  readonly #widths = new Map<string, number>();
  readonly #fragmentVariables = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly document: DocumentNode,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !this.fragments.has(definition.name.value)) {
        this.fragments.set(definition.name.value, definition);
      }
    }
    let incremental = false;
    let conditional = false;
    const see = (directives: readonly DirectiveNode[] | undefined) => {
      for (const directive of directives ?? []) {
        const name = directive.name.value;
        if (name === 'defer' || name === 'stream') incremental = true;
        else if (name === 'skip' || name === 'include') conditional = true;
      }
    };
    const walk = (set: SelectionSetNode | undefined) => {
      for (const selection of set?.selections ?? []) {
        see(selection.directives);
        if (selection.kind !== Kind.FRAGMENT_SPREAD) walk(selection.selectionSet);
      }
    };
    // Every place an executable document can hold @defer, @stream, @skip or @include.
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
        see(definition.directives);
        walk(definition.selectionSet);
      }
    }
    this.incremental = incremental;
    this.conditional = conditional;
  }

  operation(operationName: string | null | undefined): OperationAnalysis | undefined {
    const key = operationName ?? null;
    const known = this.#operations.get(key);
    if (known !== undefined) return known ?? undefined;
    const operation = getOperationAST(this.document, operationName);
    // Not kept: the client chooses the names, and a name the document lacks would add an entry each.
    if (!operation) return undefined;
    const root = this.schema.getRootType(operation.operation);
    const analysis = root ? new OperationAnalysis(this, operation, root) : null;
    this.#operations.set(key, analysis);
    return analysis ?? undefined;
  }

  /**
   * The fields a selection set holds as written, nested ones included, with every fragment spread
   * counted as its fragment's fields, each fragment counted once: linear in the document. Fields
   * that execution merges are counted each time, an upper bound.
   */
  widthOf(set: SelectionSetNode | undefined): number {
    let width = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) width += 1 + this.widthOf(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) width += this.widthOf(selection.selectionSet);
      else width += this.#fragmentWidth(selection.name.value);
    }
    return width;
  }

  #fragmentWidth(name: string): number {
    const known = this.#widths.get(name);
    if (known !== undefined) return known;
    // A cycle is refused by validation; counted as nothing meanwhile.
    this.#widths.set(name, 0);
    const width = this.widthOf(this.fragments.get(name)?.selectionSet);
    this.#widths.set(name, width);
    return width;
  }

  /** The variables `node` uses, through the fragments it spreads too; each fragment's found once. */
  variablesOf(node: FieldNode | FragmentDefinitionNode, into: Set<string>): void {
    visit(node, {
      Variable: (variable) => {
        into.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        for (const name of this.#variablesOfFragment(spread.name.value)) into.add(name);
      },
    });
  }

  #variablesOfFragment(name: string): ReadonlySet<string> {
    let used = this.#fragmentVariables.get(name);
    if (!used) {
      const found = new Set<string>();
      // A cycle is refused by validation; it adds nothing meanwhile.
      this.#fragmentVariables.set(name, found);
      const fragment = this.fragments.get(name);
      if (fragment) this.variablesOf(fragment, found);
      used = found;
    }
    return used;
  }
}

/** One declared variable: its type, and its default value coerced once. */
interface VariableSlot {
  name: string;
  hasDefault: boolean;
  defaultValue: unknown;
}

/**
 * One operation, analysed once for everything that does not depend on its variables: its root
 * fields as execution will collect them (unless `@skip`/`@include` decides them), what each
 * writes and how wide its answer is, its variables' defaults, and, for a mutation, its plan. A
 * request then does only what its variables decide.
 */
export class OperationAnalysis {
  /** Undefined when a variable's type is not in the schema: validation refuses the operation. */
  readonly #variables: VariableSlot[] | undefined;
  /** The declared names, when no variable has a default: sent variables naming only these are their own values. */
  readonly #namesWithoutDefaults: ReadonlySet<string> | undefined;
  readonly #fields: RootField[] | undefined;
  /**
   * The plan of a mutation whose root fields no variable decides (see `planFields`), made with
   * the analysis; null when plain execution is as good, or the fields depend on the variables.
   */
  readonly plan: MutationPlan | null;
  /** What a root field node is apart from the variables, for documents collected per request. */
  readonly #sites = new Map<FieldNode, Site>();

  constructor(
    readonly document: DocumentAnalysis,
    readonly operation: OperationDefinitionNode,
    readonly root: GraphQLObjectType,
  ) {
    this.#variables = slotsOf(document.schema, operation);
    if (this.#variables?.every((slot) => !slot.hasDefault)) this.#namesWithoutDefaults = new Set(this.#variables.map((slot) => slot.name));
    this.#fields = document.conditional ? undefined : this.#collect(undefined).fields;
    this.plan = this.#fields ? planFields(this, this.#fields) : null;
  }

  get schema(): GraphQLSchema {
    return this.document.schema;
  }

  /** Whether its variables' types are all known; if not, validation refuses it and nothing runs. */
  get runnable(): boolean {
    return this.#variables !== undefined;
  }

  /** The root fields in document order, when no `@skip`/`@include` decides them; else see `fieldsFor`. */
  get fields(): readonly RootField[] | undefined {
    return this.#fields;
  }

  /**
   * The variables as sent, each missing one replaced by its default value; undefined when a
   * variable's type is unknown. Counting and choosing fields need no more: coercion keeps a
   * list's length (or refuses the operation), ids are strings either way, and `@skip`/`@include`
   * take booleans, which coerce to themselves.
   */
  valuesAsSent(sent: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
    if (!this.#variables) return undefined;
    // No default to fill in and nothing undeclared: the copy would hold what `sent` holds. Made by
    // keyed stores, a copy of 50 variables is a hash table, built anew for each request.
    if (sent && this.#namesWithoutDefaults && namesOnly(sent, this.#namesWithoutDefaults)) return sent;
    const values: Record<string, unknown> = {};
    for (const { name, hasDefault, defaultValue } of this.#variables) {
      if (sent && Object.hasOwn(sent, name)) values[name] = sent[name];
      else if (hasDefault) values[name] = defaultValue;
    }
    return values;
  }

  /**
   * The root fields `values` select, in document order; `undecided` when a `@skip`/`@include`
   * could not be read from them (such a field is kept: execution refuses the operation).
   */
  fieldsFor(values: Record<string, unknown>): { fields: readonly RootField[]; undecided: boolean } {
    return this.#fields ? { fields: this.#fields, undecided: false } : this.#collect(values);
  }

  /** The field's arguments coerced with `values`, or undefined when execution would refuse them. */
  argumentsOf(field: RootField, values: () => Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (field.fixedArguments === REFUSED) return undefined;
    if (field.fixedArguments) return field.fixedArguments;
    const read = this.#sites.get(field.nodes[0]!)?.read;
    const variables = read && values();
    return variables && read(variables);
  }

  /** The variables `fields` use, through fragments too. */
  variablesUsedBy(fields: readonly RootField[]): Set<string> {
    const used = new Set<string>();
    for (const field of fields) for (const node of field.nodes) this.document.variablesOf(node, used);
    return used;
  }

  /**
   * The root fields as graphql-js collects them: `@skip`/`@include` applied (when `values` is
   * given), fragments and inline fragments of a matching type expanded, a fragment spread a
   * second time adding nothing, and the nodes of one response key merged.
   */
  #collect(values: Record<string, unknown> | undefined): { fields: RootField[]; undecided: boolean } {
    const { fragments } = this.document;
    const byKey = new Map<string, FieldNode[]>();
    const spread = new Set<string>();
    let undecided = false;
    const included = (directives: readonly DirectiveNode[] | undefined) => {
      if (!values || !directives?.length) return true;
      try {
        if (getDirectiveValues(GraphQLSkipDirective, { directives }, values)?.if === true) return false;
        return getDirectiveValues(GraphQLIncludeDirective, { directives }, values)?.if !== false;
      } catch {
        undecided = true;
        return true;
      }
    };
    const collect = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!included(selection.directives)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = byKey.get(key);
          if (nodes) nodes.push(selection);
          else byKey.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.#matches(selection.typeCondition)) collect(selection.selectionSet);
        } else {
          const name = selection.name.value;
          if (spread.has(name)) continue;
          spread.add(name);
          const fragment = fragments.get(name);
          if (fragment && this.#matches(fragment.typeCondition)) collect(fragment.selectionSet);
        }
      }
    };
    collect(this.operation.selectionSet);
    const definitions = this.root.getFields();
    const fields = [...byKey].map(([responseKey, nodes]): RootField => {
      const first = nodes[0]!;
      const name = first.name.value;
      const definition = definitions[name];
      let width = 0;
      for (const node of nodes) width += this.#site(node, definition).width;
      return {
        responseKey,
        name,
        nodes,
        definition,
        width,
        concurrent: name === '__typename' || Boolean(definition?.extensions?.[BATCHABLE]),
        batchable: batchableOf(definition),
        fixedArguments: this.#site(first, definition).fixedArguments,
      };
    });
    return { fields, undecided };
  }

  #site(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): Site {
    let site = this.#sites.get(node);
    if (!site) {
      const width = 1 + this.document.widthOf(node.selectionSet);
      if (!definition) site = { width, fixedArguments: undefined };
      else if (node.arguments?.some((argument) => usesVariables(argument.value))) {
        site = { width, fixedArguments: undefined, read: argumentReader(definition, node) };
      } else {
        site = { width, fixedArguments: argumentReader(definition, node)({}) ?? REFUSED };
      }
      this.#sites.set(node, site);
    }
    return site;
  }

  #matches(typeCondition: NamedTypeNode | undefined): boolean {
    if (!typeCondition) return true;
    const type = this.schema.getType(typeCondition.name.value);
    return type === this.root || (isAbstractType(type) && this.schema.isSubType(type, this.root));
  }
}

/** The operation's variables with their types and defaults; undefined when a type is not the schema's. */
/** Whether every enumerable key `values` has, own or not, is its own and one of `names`. */
function namesOnly(values: Record<string, unknown>, names: ReadonlySet<string>): boolean {
  for (const key in values) if (!Object.hasOwn(values, key) || !names.has(key)) return false;
  return true;
}

function slotsOf(schema: GraphQLSchema, operation: OperationDefinitionNode): VariableSlot[] | undefined {
  const slots: VariableSlot[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never);
    if (!type || !isInputType(type)) return undefined;
    slots.push({
      name: definition.variable.name.value,
      hasDefault: definition.defaultValue !== undefined,
      defaultValue: definition.defaultValue && valueFromAST(definition.defaultValue, type),
    });
  }
  return slots;
}

/** A root field node apart from the variables: its width, and how its arguments are read. */
interface Site extends Pick<RootField, 'width' | 'fixedArguments'> {
  /** For arguments that use variables. */
  read?: (values: Record<string, unknown>) => Record<string, unknown> | undefined;
}

/**
 * Reads a field's arguments as graphql-js' `getArgumentValues` coerces them, from variables
 * already coerced (here: as sent), with the argument definitions and nodes matched once rather
 * than on every request; undefined where it would throw. An argument that is a variable is taken
 * as it is, the usual case (`input: $e0`), without walking a value.
 */
function argumentReader(
  definition: GraphQLField<unknown, unknown>,
  node: FieldNode,
): (values: Record<string, unknown>) => Record<string, unknown> | undefined {
  const sent = new Map(node.arguments?.map((argument) => [argument.name.value, argument.value]));
  const args = definition.args.map((arg) => ({
    name: arg.name,
    type: arg.type,
    nonNull: isNonNullType(arg.type),
    defaultValue: arg.defaultValue,
    value: sent.get(arg.name),
  }));
  return (values) => {
    const coerced: Record<string, unknown> = {};
    for (const { name, type, nonNull, defaultValue, value } of args) {
      if (!value || (value.kind === Kind.VARIABLE && !Object.hasOwn(values, value.name.value))) {
        if (defaultValue !== undefined) coerced[name] = defaultValue;
        else if (nonNull) return undefined;
        continue;
      }
      if (value.kind === Kind.VARIABLE) {
        const variable = values[value.name.value];
        if (variable === undefined || (variable === null && nonNull)) return undefined;
        coerced[name] = variable;
        continue;
      }
      if (value.kind === Kind.NULL && nonNull) return undefined;
      const literal = valueFromAST(value, type, values);
      if (literal === undefined) return undefined;
      coerced[name] = literal;
    }
    return coerced;
  };
}

function usesVariables(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(usesVariables);
    case Kind.OBJECT:
      return value.fields.some((field) => usesVariables(field.value));
    default:
      return false;
  }
}
