/**
 * Reference resolution: which resource instances an instance's configuration points at.
 *
 * Configuration references are module-relative (`aws_kms_key.k.arn` inside `module.a` means
 * `module.a.aws_kms_key.k`), so each is resolved in the referrer's module instance: `var.x` is
 * followed through the module call's argument `x` in the parent module instance, `module.m.out`
 * into the child module's output expression, recursively. Results are memoised per
 * (module instance, reference text), which keeps thousands of instances of one block cheap.
 *
 * A block named without a literal key (`aws_s3_bucket.b[each.key]` prints as `aws_s3_bucket.b`
 * and `each.key`) is narrowed to the instance whose key `each.key`, `count.index` or `each.value`
 * stands for in the referrer; when the expression does not tell which key (another variable or
 * local could be computing it, or `each.value` comes from a variable), the reference reaches every
 * instance marked `uncertain`, so checks can say "cannot tell" instead of passing, unless the
 * referrer's known value at that attribute names another instance of the block.
 *
 * Value references cover plans without configuration: a string attribute whose known value
 * equals another managed instance's known `id` or `arn` is recorded with `via: 'value'`
 * (see value-references.ts).
 */
import type { Expression, ExpressionMap, Reference, ResourceConfig, ResourceInstance } from './types.js';
import type { ConfigurationIndex } from './configuration.js';
import { formatKey, formatModuleAddress, parseModuleAddress, tokenizeAddress, type AddressToken, type InstanceKey } from './addresses.js';
import { formatAttributePath, parseAttributePath, type PathSegment } from './values.js';
import { indexValueReferences, type ValueReferenceIndex } from './value-references.js';

/** What reference resolution needs to know about the instances in the plan. */
export interface InstanceLookup {
  /** Instances of a block by module instance, then local name (`aws_s3_bucket.b`, `data.t.n`). */
  readonly byModuleAndLocalName: ReadonlyMap<string, ReadonlyMap<string, readonly ResourceInstance[]>>;
  /** Child module instances of a call, keyed by `parentModuleInstance \0 callName`. */
  readonly moduleChildren: ReadonlyMap<string, readonly string[]>;
}

/** Both directions of the reference graph, materialised per instance on first use. */
export interface ReferenceIndex {
  from(address: string): readonly Reference[];
  to(address: string): readonly Reference[];
}

/** Variables passed down this many module levels are plenty; the bound stops cyclic input. */
const MAX_DEPTH = 64;
const NOT_RESOURCES = new Set(['local', 'each', 'count', 'path', 'self', 'terraform', 'resource', 'ephemeral']);
/** Reference heads whose value could be (part of) an index expression next to `each.key`. */
const INDEX_SOURCES = new Set(['var', 'local', 'module', 'path', 'terraform', 'self']);
const NONE: readonly Reference[] = Object.freeze([]);
const significantCache = new WeakMap<Expression, readonly string[]>();

/** Instances a reference reaches: those it certainly means, and those it may mean. */
interface Resolved {
  readonly certain: readonly string[];
  readonly uncertain: readonly string[];
}
const NOTHING: Resolved = Object.freeze({ certain: Object.freeze([]), uncertain: Object.freeze([]) });

/** What `each.key`, `each.value` and `count.index` stand for where an expression is evaluated. */
interface Repetition {
  /** The instance key of the resource or module instance the expression belongs to. */
  readonly key: InstanceKey | undefined;
  /** Its `for_each` expression, for `each.value`. */
  readonly forEach: Expression | undefined;
}
const NOT_REPEATED: Repetition = { key: undefined, forEach: undefined };

/**
 * How an expression indexes a block it names without a literal key. The plan prints
 * `b[each.key].id` as `b` and `each.key`, so the index is read from the expression's other
 * references: only `each.key`, only `count.index`, only `each.value[.attr]`, or none at all
 * (a use of the whole block, like `[for x in b : x.arn]`). Anything else may compute the key.
 */
type DynamicIndex =
  | { readonly kind: 'whole' | 'each.key' | 'count.index' | 'unknown' }
  | { readonly kind: 'each.value'; readonly path: readonly string[] };

/** Where an attribute's reference leads: a shared, memoised target list. */
interface Edge {
  readonly from: string;
  readonly attribute: string;
  readonly targets: readonly string[];
  readonly uncertain: boolean;
}

/**
 * Resolves configuration and value references of every instance, indexed both ways.
 * A reference to the whole block (`[for b in aws_s3_bucket.b : b.arn]`) reaches every instance
 * of the block, so N referrers × N targets edges can exist; they are kept as shared target lists
 * and expanded into Reference objects only for the instances asked about.
 */
export function resolveReferences(
  resources: readonly ResourceInstance[],
  config: ConfigurationIndex,
  lookup: InstanceLookup,
): ReferenceIndex {
  const outgoing = new Map<string, Edge[]>();
  const incomingLists = new Map<readonly string[], Edge[]>();
  const resolver = new ConfigurationResolver(config, lookup);
  // Every instance of a block has the block's expressions: walk them once per block, not per instance.
  const usesOfBlock = new Map<ResourceConfig, readonly ReferenceUse[]>();
  const addEdge = (edge: Edge): void => {
    push(outgoing, edge.from, edge);
    push(incomingLists, edge.targets, edge);
  };
  for (const resource of resources) {
    if (!resource.config) continue;
    const modulePath = resource.config.modulePath;
    let uses = usesOfBlock.get(resource.config);
    if (!uses) {
      uses = referenceUses(resource.config);
      usesOfBlock.set(resource.config, uses);
    }
    const repetition: Repetition = { key: resource.index, forEach: resource.config.forEachExpression };
    for (const { attribute, text, index } of uses) {
      const resolved = resolver.resolveUse(resource.moduleAddress, modulePath, text, index, repetition, 0);
      if (resolved.certain.length > 0) addEdge({ from: resource.address, attribute, targets: resolved.certain, uncertain: false });
      if (resolved.uncertain.length > 0) addEdge({ from: resource.address, attribute, targets: resolved.uncertain, uncertain: true });
    }
  }
  // Each distinct target list is visited once, so this is linear in the distinct lists' sizes.
  const incoming = new Map<string, (readonly Edge[])[]>();
  for (const [targets, edges] of incomingLists) {
    for (const target of targets) push(incoming, target, edges);
  }
  const byValue = indexValueReferences(resources);
  const settled = settledByValues(resources, byValue);

  const fromCache = new Map<string, readonly Reference[]>();
  const toCache = new Map<string, readonly Reference[]>();
  return {
    from(address) {
      const cached = fromCache.get(address);
      if (cached) return cached;
      const references = collect([
        ...(outgoing.get(address) ?? []).flatMap((edge) => edge.targets.map((to) => configurationReference(edge, to))),
        ...byValue.from(address),
      ]).filter((reference) => !settled(reference));
      fromCache.set(address, references);
      return references;
    },
    to(address) {
      const cached = toCache.get(address);
      if (cached) return cached;
      const references = collect([
        ...(incoming.get(address) ?? []).flatMap((edges) => edges.map((edge) => configurationReference(edge, address))),
        ...byValue.to(address),
      ]).filter((reference) => !settled(reference));
      toCache.set(address, references);
      return references;
    },
  };
}

/**
 * An uncertain reference is ruled out when the referrer's value at that attribute is fully known
 * and equals the id or ARN of another instance of the same block: the value says which one it is.
 */
function settledByValues(resources: readonly ResourceInstance[], byValue: ValueReferenceIndex): (reference: Reference) => boolean {
  let byAddress: Map<string, ResourceInstance> | undefined;
  return (reference) => {
    if (!reference.uncertain) return false;
    byAddress ??= new Map(resources.map((resource) => [resource.address, resource]));
    const referrer = byAddress.get(reference.from);
    const target = byAddress.get(reference.to);
    if (!referrer || !target || !fullyKnown(referrer, reference.attribute)) return false;
    const sameBlock = (address: string): boolean => {
      const other = byAddress!.get(address);
      return other !== undefined && other.configAddress === target.configAddress && other.moduleAddress === target.moduleAddress;
    };
    return byValue
      .from(reference.from)
      .some((named) => named.to !== reference.to && within(named.attribute, reference.attribute) && sameBlock(named.to));
  };
}

/** True when the value at `attribute` is present and nothing in it is known only after apply. */
function fullyKnown(resource: ResourceInstance, attribute: string): boolean {
  let value: unknown = resource.values;
  let unknown: unknown = resource.unknown;
  for (const segment of parseAttributePath(attribute)) {
    if (unknown === true) return false;
    const step = segment.kind === 'name' ? segment.name : segment.kind === 'key' ? segment.key : segment.kind === 'index' ? segment.index : undefined;
    if (step === undefined) return false;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
    unknown = unknown !== null && typeof unknown === 'object' ? (unknown as Record<string | number, unknown>)[step] : undefined;
  }
  return value !== undefined && value !== null && !containsTrue(unknown);
}

function containsTrue(tree: unknown): boolean {
  if (tree === true) return true;
  if (tree === null || typeof tree !== 'object') return false;
  return Object.values(tree).some(containsTrue);
}

/** True when a value path lies at or under a configuration attribute path. */
function within(valuePath: string, attribute: string): boolean {
  return valuePath === attribute || valuePath.startsWith(`${attribute}.`) || valuePath.startsWith(`${attribute}[`);
}

/** One reference text in a block's configuration, with the attribute path it appears at and how its expression indexes. */
interface ReferenceUse {
  readonly attribute: string;
  readonly text: string;
  readonly index: DynamicIndex;
}

function referenceUses(block: ResourceConfig): ReferenceUse[] {
  const uses: ReferenceUse[] = [];
  forEachExpression(block.expressions, [], (segments, expression) => {
    const attribute = formatAttributePath(segments);
    const texts = significantReferences(expression);
    const index = dynamicIndexOf(texts);
    for (const text of texts) uses.push({ attribute, text, index });
  });
  return uses;
}

/** Reads the index a block named without a literal key is given, from the other references of its expression. */
function dynamicIndexOf(texts: readonly string[]): DynamicIndex {
  const repeated = unique(texts.filter((text) => text.startsWith('each.') || text.startsWith('count.')));
  if (repeated.length === 0) return { kind: 'whole' };
  const computing = texts.some((text) => INDEX_SOURCES.has(text.slice(0, text.indexOf('.'))));
  if (repeated.length > 1 || computing) return { kind: 'unknown' };
  const [text] = repeated as [string];
  if (text === 'each.key') return { kind: 'each.key' };
  if (text === 'count.index') return { kind: 'count.index' };
  let tokens: AddressToken[];
  try {
    tokens = tokenizeAddress(text);
  } catch {
    return { kind: 'unknown' };
  }
  if (nameAt(tokens, 0) !== 'each' || nameAt(tokens, 1) !== 'value' || tokens.slice(2).some((token) => token.kind !== 'name')) return { kind: 'unknown' };
  return { kind: 'each.value', path: tokens.slice(2).map((token) => (token as { text: string }).text) };
}

/** The key the index stands for in this instance, or undefined when the plan does not tell. */
function keyFor(index: DynamicIndex, repetition: Repetition): InstanceKey | undefined {
  const key = repetition.key;
  if (index.kind === 'each.key') return typeof key === 'string' ? key : undefined;
  if (index.kind === 'count.index') return typeof key === 'number' ? key : undefined;
  if (index.kind !== 'each.value' || typeof key !== 'string') return undefined;
  // `each.value` is known only from a literal for_each: a map's value, or a list's element itself.
  const collection = repetition.forEach?.constant_value;
  let value: unknown;
  if (Array.isArray(collection)) value = collection.includes(key) ? key : undefined;
  else if (collection !== null && typeof collection === 'object') value = (collection as Record<string, unknown>)[key];
  for (const name of index.path) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? value : undefined;
}

function configurationReference(edge: Edge, to: string): Reference {
  return edge.uncertain
    ? { from: edge.from, attribute: edge.attribute, to, via: 'configuration', uncertain: true }
    : { from: edge.from, attribute: edge.attribute, to, via: 'configuration' };
}

/**
 * Drops self references and duplicates (Terraform lists `b.output.bucket`, `b.output` and `b` for
 * one use), and an uncertain reference where the same attribute certainly reaches the same instance.
 */
function collect(references: readonly Reference[]): readonly Reference[] {
  if (references.length === 0) return NONE;
  const keyOf = (reference: Reference): string => `${reference.from}\u0000${reference.attribute}\u0000${reference.to}\u0000${reference.via}`;
  const seen = new Set<string>();
  const kept: Reference[] = [];
  const uncertain: Reference[] = [];
  for (const reference of references) {
    if (reference.from === reference.to) continue;
    if (reference.uncertain) {
      uncertain.push(reference);
      continue;
    }
    const key = keyOf(reference);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(reference);
  }
  // Checked after every certain one is seen, so their order in the list does not matter.
  for (const reference of uncertain) {
    const key = keyOf(reference);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(reference);
  }
  return Object.freeze(kept);
}

/** Follows module-relative reference text to instance addresses, memoised per module instance. */
class ConfigurationResolver {
  /** Results by module instance, then reference text: a plan has thousands of module instances, each resolving a few texts. */
  private readonly memo = new Map<string, Map<string, Resolved>>();
  /** unkeyedRepeatedBlock's answers, likewise by module instance, then reference text (null: not such a block). */
  private readonly repeatedBlocks = new Map<string, Map<string, string | null>>();
  /** Tokens of each reference text (null: a shape this reader does not follow); thousands of instances share a few texts. */
  private readonly tokenized = new Map<string, readonly AddressToken[] | null>();
  /** Each result once as "uncertain", so instances sharing it share one target list. */
  private readonly asUncertain = new WeakMap<Resolved, Resolved>();

  constructor(
    private readonly config: ConfigurationIndex,
    private readonly lookup: InstanceLookup,
  ) {}

  /**
   * Resolves one reference of an expression in the instance `repetition` describes: a block
   * named without a key is narrowed to the key the expression's index stands for, or reaches
   * every instance uncertainly when the plan does not tell the key.
   */
  resolveUse(moduleInstance: string, modulePath: string, text: string, index: DynamicIndex, repetition: Repetition, depth: number): Resolved {
    const tokens = this.tokens(text);
    if (tokens === null) return NOTHING; // An expression shape this reader does not follow (e.g. a computed index).
    if (nameAt(tokens, 0) === 'each' && nameAt(tokens, 1) === 'value') return this.throughForEach(moduleInstance, modulePath, repetition, depth);
    const block = this.unkeyedRepeatedBlock(moduleInstance, text, tokens);
    if (block === undefined || index.kind === 'whole') return this.resolve(moduleInstance, modulePath, text, depth);
    const key = keyFor(index, repetition);
    if (key !== undefined) return this.resolve(moduleInstance, modulePath, `${block}${formatKey(key)}`, depth);
    return this.uncertain(this.resolve(moduleInstance, modulePath, block, depth));
  }

  /** `each.value` where `for_each` is a block (`for_each = aws_s3_bucket.b`): the instance of that block with this key. */
  private throughForEach(moduleInstance: string, modulePath: string, repetition: Repetition, depth: number): Resolved {
    if (repetition.key === undefined || repetition.forEach === undefined) return NOTHING;
    const texts = significantReferences(repetition.forEach);
    if (texts.length !== 1) return NOTHING;
    const [text] = texts as [string];
    const tokens = this.tokens(text);
    if (tokens === null) return NOTHING;
    const block = this.unkeyedRepeatedBlock(moduleInstance, text, tokens);
    return block === undefined ? NOTHING : this.resolve(moduleInstance, modulePath, `${block}${formatKey(repetition.key)}`, depth);
  }

  /**
   * The text of a resource, data source or module call named without a key (`aws_s3_bucket.b`,
   * `module.m`) whose instances have keys; undefined for anything else.
   */
  private unkeyedRepeatedBlock(moduleInstance: string, text: string, tokens: readonly AddressToken[]): string | undefined {
    const known = inner(this.repeatedBlocks, moduleInstance);
    let block = known.get(text);
    if (block === undefined) {
      block = this.findUnkeyedRepeatedBlock(moduleInstance, tokens) ?? null;
      known.set(text, block);
    }
    return block ?? undefined;
  }

  private findUnkeyedRepeatedBlock(moduleInstance: string, tokens: readonly AddressToken[]): string | undefined {
    const head = nameAt(tokens, 0);
    if (head === undefined || head === 'var' || NOT_RESOURCES.has(head)) return undefined;
    if (head === 'module') {
      const name = nameAt(tokens, 1);
      if (name === undefined || tokens[2]?.kind === 'key') return undefined;
      const children = this.lookup.moduleChildren.get(`${moduleInstance}\u0000${name}`) ?? [];
      return children.some((child) => child.endsWith(']')) ? `module.${name}` : undefined;
    }
    const offset = head === 'data' ? 1 : 0;
    const type = nameAt(tokens, offset);
    const name = nameAt(tokens, offset + 1);
    if (type === undefined || name === undefined || tokens[offset + 2]?.kind === 'key') return undefined;
    const local = offset === 1 ? `data.${type}.${name}` : `${type}.${name}`;
    const instances = this.lookup.byModuleAndLocalName.get(moduleInstance)?.get(local) ?? [];
    return instances.some((instance) => instance.index !== undefined) ? local : undefined;
  }

  private tokens(text: string): readonly AddressToken[] | null {
    let tokens = this.tokenized.get(text);
    if (tokens === undefined) {
      try {
        tokens = tokenizeAddress(text);
      } catch {
        tokens = null;
      }
      this.tokenized.set(text, tokens);
    }
    return tokens;
  }

  private uncertain(resolved: Resolved): Resolved {
    const cached = this.asUncertain.get(resolved);
    if (cached) return cached;
    const all = unique([...resolved.certain, ...resolved.uncertain]);
    const result: Resolved = all.length === 0 ? NOTHING : { certain: [], uncertain: all };
    this.asUncertain.set(resolved, result);
    return result;
  }

  resolve(moduleInstance: string, modulePath: string, text: string, depth: number): Resolved {
    if (depth > MAX_DEPTH) return NOTHING;
    const memo = inner(this.memo, moduleInstance);
    const cached = memo.get(text);
    if (cached) return cached;
    // Mark in progress so a cycle through variables and outputs ends instead of recursing.
    memo.set(text, NOTHING);
    const result = this.resolveUncached(moduleInstance, modulePath, text, depth);
    memo.set(text, result);
    return result;
  }

  private resolveUncached(moduleInstance: string, modulePath: string, text: string, depth: number): Resolved {
    const tokens = this.tokens(text);
    if (tokens === null) return NOTHING;
    const head = nameAt(tokens, 0);
    if (head === undefined || NOT_RESOURCES.has(head)) return NOTHING;
    if (head === 'var') return this.followVariable(moduleInstance, modulePath, nameAt(tokens, 1), depth);
    if (head === 'module') return this.followModule(moduleInstance, modulePath, tokens, depth);
    const offset = head === 'data' ? 1 : 0;
    const type = nameAt(tokens, offset);
    const name = nameAt(tokens, offset + 1);
    if (type === undefined || name === undefined) return NOTHING;
    const local = offset === 1 ? `data.${type}.${name}` : `${type}.${name}`;
    const instances = this.lookup.byModuleAndLocalName.get(moduleInstance)?.get(local) ?? [];
    const key = tokens[offset + 2];
    const narrowed = key?.kind === 'key' ? instances.filter((instance) => instance.index === key.key) : instances;
    return certainly(narrowed.map((instance) => instance.address));
  }

  /** `var.x` inside a module: what the caller passed as `x`, resolved in the caller's module instance with the call's key. */
  private followVariable(moduleInstance: string, modulePath: string, variable: string | undefined, depth: number): Resolved {
    if (variable === undefined || modulePath === '') return NOTHING;
    const steps = parseModuleAddress(moduleInstance);
    const call = steps[steps.length - 1];
    if (!call) return NOTHING;
    const parentInstance = formatModuleAddress(steps.slice(0, -1));
    const parentPath = formatModuleAddress(steps.slice(0, -1), false);
    const callConfig = this.config.modules.get(parentPath)?.calls.get(call.name);
    const argument = callConfig?.expressions[variable];
    if (argument === undefined) return NOTHING;
    const repetition: Repetition = callConfig ? { key: call.key, forEach: callConfig.forEachExpression } : NOT_REPEATED;
    const found: Resolved[] = [];
    forEachExpression({ [variable]: argument }, [], (_segments, expression) => {
      const texts = significantReferences(expression);
      const index = dynamicIndexOf(texts);
      for (const text of texts) found.push(this.resolveUse(parentInstance, parentPath, text, index, repetition, depth + 1));
    });
    return combine(found);
  }

  /** `module.m.out` / `module.m["k"].out` / `module.m`: the child output expressions, in each child instance. */
  private followModule(moduleInstance: string, modulePath: string, tokens: readonly AddressToken[], depth: number): Resolved {
    const callName = nameAt(tokens, 1);
    if (callName === undefined) return NOTHING;
    const call = this.config.modules.get(modulePath)?.calls.get(callName);
    const child = call ? this.config.modules.get(call.childPath) : undefined;
    if (!call || !child) return NOTHING;
    const keyToken = tokens[2];
    const outputAt = keyToken?.kind === 'key' ? 3 : 2;
    const outputName = nameAt(tokens, outputAt);
    let instances = this.lookup.moduleChildren.get(`${moduleInstance}\u0000${callName}`) ?? [];
    if (keyToken?.kind === 'key') {
      const wanted = `${moduleInstance === '' ? '' : `${moduleInstance}.`}module.${callName}${formatKey(keyToken.key)}`;
      instances = instances.filter((address) => address === wanted);
    }
    const outputs = outputName === undefined ? [...child.outputs.values()] : [child.outputs.get(outputName)].filter((o) => o !== undefined);
    const found: Resolved[] = [];
    for (const instance of instances) {
      for (const output of outputs) {
        const texts = significantReferences(output);
        const index = dynamicIndexOf(texts);
        for (const text of texts) found.push(this.resolveUse(instance, call.childPath, text, index, NOT_REPEATED, depth + 1));
      }
    }
    return combine(found);
  }
}

function certainly(addresses: readonly string[]): Resolved {
  return addresses.length === 0 ? NOTHING : { certain: unique(addresses), uncertain: [] };
}

/** Unions results; an instance reached certainly by one reference is not also uncertain. */
function combine(results: readonly Resolved[]): Resolved {
  if (results.length === 1) return results[0]!;
  const certain = unique(results.flatMap((result) => result.certain));
  const known = new Set(certain);
  const uncertain = unique(results.flatMap((result) => result.uncertain)).filter((address) => !known.has(address));
  return certain.length === 0 && uncertain.length === 0 ? NOTHING : { certain, uncertain };
}

/** Calls `visit` for each expression in a map, with the attribute path of nested blocks. */
export function forEachExpression(
  map: ExpressionMap,
  prefix: readonly PathSegment[],
  visit: (segments: readonly PathSegment[], expression: Expression) => void,
): void {
  for (const [name, value] of Object.entries(map)) {
    const here: PathSegment[] = [...prefix, { kind: 'name', name }];
    if (Array.isArray(value)) {
      value.forEach((block: ExpressionMap, index: number) => forEachExpression(block, [...here, { kind: 'index', index }], visit));
    } else if (isExpression(value)) {
      visit(here, value as Expression);
    } else if (value !== null && typeof value === 'object') {
      forEachExpression(value as ExpressionMap, here, visit);
    }
  }
}

/**
 * The references an expression makes, without the prefixes Terraform prints after each one:
 * `keys["a"].id` is followed by `keys["a"]` and `keys`, and a bare `keys` would widen the indexed
 * use to every instance. Only a text that directly follows a longer one it is a prefix of is such
 * an echo: in `b`, `each.key`, `b["a"].id`, `b["a"]`, `b` the first `b` is a use of its own
 * (`b[each.key]`), the last one is not.
 */
export function significantReferences(expression: Expression): readonly string[] {
  const all = expression.references ?? [];
  if (all.length < 2) return all;
  const cached = significantCache.get(expression);
  if (cached) return cached;
  const kept: string[] = [];
  let previous: string | undefined;
  for (const text of all) {
    const echo = previous !== undefined && previous.length > text.length && previous.startsWith(text) && (previous[text.length] === '.' || previous[text.length] === '[');
    if (!echo) kept.push(text);
    previous = text;
  }
  const result = unique(kept);
  significantCache.set(expression, result);
  return result;
}

/**
 * True for a configuration expression: `{constant_value}`, `{references}`, or `{}`, which is how
 * plans render an expression that is neither a literal nor a reference (e.g. `lower("x")`).
 */
export function isExpression(value: unknown): value is Expression {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 0 || keys.includes('references') || keys.includes('constant_value');
}

function nameAt(tokens: readonly AddressToken[], at: number): string | undefined {
  const token = tokens[at];
  return token?.kind === 'name' ? token.text : undefined;
}

function unique(addresses: readonly string[]): readonly string[] {
  return [...new Set(addresses)];
}

/** The map under `key`, created empty on first use. */
function inner<T>(outer: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let map = outer.get(key);
  if (map === undefined) {
    map = new Map();
    outer.set(key, map);
  }
  return map;
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
