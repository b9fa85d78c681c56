/**
 * Builds plan JSON the way `terraform show -json` / `tofu show -json` renders a saved plan, from a
 * compact description of what the configuration says and what each resource undergoes. One
 * description yields planned_values, resource_changes, prior_state and configuration that agree
 * with each other: the same value is never written twice by hand, so they cannot drift apart.
 */
import { AWS_DATA_SCHEMAS, AWS_SCHEMAS, type AwsContext, type TypeSchema } from './aws-schemas.js';

/** A value known only after apply. */
export const UNKNOWN: unique symbol = Symbol('unknown after apply');

/** A reference to another object (`aws_kms_key.state.arn`, `var.bucket_id`, `module.x.out`). */
export interface RefArg {
  readonly kind: 'ref';
  readonly traversal: string;
  /** Given for traversals the builder cannot resolve itself (`each.value`, `local.x`). */
  readonly value?: unknown;
}

/** An expression over references: `jsonencode({...})`, an interpolated string `"${...}/*"`, or `f(traversal)`. */
export interface ExprArg {
  readonly kind: 'expr';
  readonly form: 'jsonencode' | 'template' | 'call';
  /** The function of a `call` (`tobool`). */
  readonly fn?: string;
  readonly traversals: readonly string[];
  /** Builds the value (the object to encode, or the string) from the referenced values. */
  readonly build: (get: (traversal: string) => unknown) => unknown;
}

/** Nested blocks (`rule { ... }`), each an argument map of its own. */
export interface BlockArg {
  readonly kind: 'block';
  readonly items: readonly ArgMap[];
}

export type Arg = RefArg | ExprArg | BlockArg | string | number | boolean | null | readonly unknown[] | { readonly [k: string]: unknown };
export type ArgMap = { readonly [attribute: string]: Arg };

/** `attr = <traversal>` in HCL. */
export function ref(traversal: string, value?: unknown): RefArg {
  return value === undefined ? { kind: 'ref', traversal } : { kind: 'ref', traversal, value };
}

/** `attr = jsonencode(<object>)`; any unknown reference makes the whole string unknown, as in Terraform. */
export function jsonencodeOf(traversals: readonly string[], build: (get: (traversal: string) => unknown) => unknown): ExprArg {
  return { kind: 'expr', form: 'jsonencode', traversals, build };
}

/** `attr = "...${traversal}..."`. */
export function template(traversals: readonly string[], build: (get: (traversal: string) => unknown) => string): ExprArg {
  return { kind: 'expr', form: 'template', traversals, build };
}

/** `attr = fn(<traversal>)`, a one-argument function call such as `tobool(...)`. */
export function callOf(fn: string, traversal: string, apply: (value: unknown) => unknown): ExprArg {
  return { kind: 'expr', form: 'call', fn, traversals: [traversal], build: (get) => apply(get(traversal)) };
}

/** One or more nested blocks of the same name. */
export function block(...items: ArgMap[]): BlockArg {
  return { kind: 'block', items };
}

/**
 * What happens to the resource: `plan-read` is a data source read while planning (it shows only in
 * prior_state); `read` a data source deferred to apply; `replace` is `["delete","create"]`.
 */
export type PlannedAction = 'create' | 'update' | 'no-op' | 'delete' | 'replace' | 'read' | 'plan-read';

export interface ResourceSpec {
  readonly type: string;
  readonly name: string;
  /** Module call names from the root: `['state_backend']` for `module.state_backend`. */
  readonly module?: readonly string[];
  readonly mode?: 'managed' | 'data';
  /**
   * The instance key of one `for_each` or `count` instance. Each instance of a block is a spec of
   * its own with the same `type`, `name`, `args` and `forEach`/`count`; the configuration shows the
   * block once, from the first of them. `each.key`, `each.value` and `count.index` read this key.
   */
  readonly key?: string | number;
  /** The block's `for_each` argument: `each.value` is its value at the instance's key. */
  readonly forEach?: Arg;
  /** The block's `count`. */
  readonly count?: number;
  readonly action: PlannedAction;
  readonly actionReason?: string;
  readonly replacePaths?: readonly (readonly string[])[];
  /** Arguments as written in the configuration. */
  readonly args: ArgMap;
  /** For an existing object: argument values before this change, where they differ from `args`. */
  readonly prior?: Readonly<Record<string, unknown>>;
  /** For an existing object: computed attribute values overriding the schema's derived ones. */
  readonly state?: Readonly<Record<string, unknown>>;
  /** False for an object whose block was removed from the configuration (deleted without config). */
  readonly inConfig?: boolean;
  /** Provider configuration key; defaults to `aws`. */
  readonly provider?: string;
  readonly dependsOn?: readonly string[];
  /** The lifecycle block as written; only the sources show it, never the plan. */
  readonly lifecycle?: { readonly prevent_destroy?: boolean; readonly create_before_destroy?: boolean };
  /** Source file (relative to its module directory) the block is written in; `main.tf` by default. */
  readonly file?: string;
}

export interface ProviderSpec {
  readonly name: string;
  readonly alias?: string;
  /** Module call names when the block is declared in a module. */
  readonly module?: readonly string[];
  readonly args: ArgMap;
  readonly versionConstraint?: string;
}

export interface ModuleCallSpec {
  /** Module call names from the root; the last is this call's name. */
  readonly path: readonly string[];
  readonly source: string;
  readonly inputs: ArgMap;
  /** Output name → the traversal it returns (inside the module). */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Variables the module declares, with defaults where it has them. */
  readonly variables: Readonly<Record<string, { readonly default?: unknown; readonly description?: string }>>;
}

export interface RootVariable {
  readonly value: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly sensitive?: boolean;
}

export interface ToolSpec {
  readonly flavor: 'terraform' | 'opentofu';
  readonly version: string;
  readonly formatVersion: '0.2' | '1.1' | '1.2';
}

export interface PlanSpec {
  readonly tool: ToolSpec;
  readonly aws?: AwsContext;
  /** Root variables and their values for this run. */
  readonly variables?: Readonly<Record<string, RootVariable>>;
  readonly providers: readonly ProviderSpec[];
  readonly modules?: readonly ModuleCallSpec[];
  readonly resources: readonly ResourceSpec[];
  /** RFC 3339 time of the plan, for formats that carry one. */
  readonly timestamp?: string;
}

/** The default tool: a recent Terraform. */
export const TERRAFORM_1_9: ToolSpec = { flavor: 'terraform', version: '1.9.8', formatVersion: '1.2' };
/** OpenTofu 1.10, which renders format 1.2 with `timestamp` and `errored`. */
export const OPENTOFU_1_10: ToolSpec = { flavor: 'opentofu', version: '1.10.6', formatVersion: '1.2' };
/** Terraform 1.4 renders format 1.1. */
export const TERRAFORM_1_4: ToolSpec = { flavor: 'terraform', version: '1.4.6', formatVersion: '1.1' };
/** Terraform 1.0/1.1 render format 0.2. */
export const TERRAFORM_1_0: ToolSpec = { flavor: 'terraform', version: '1.0.11', formatVersion: '0.2' };

export const DEFAULT_AWS: AwsContext = { accountId: '111122223333', region: 'eu-central-1' };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for a `ref(...)` argument. */
export function isRef(v: unknown): v is RefArg {
  return isObj(v) && v.kind === 'ref' && typeof v.traversal === 'string';
}

/** True for a `jsonencodeOf(...)` or `template(...)` argument. */
export function isExpr(v: unknown): v is ExprArg {
  return isObj(v) && v.kind === 'expr' && typeof v.build === 'function';
}

/** True for a `block(...)` argument. */
export function isBlock(v: unknown): v is BlockArg {
  return isObj(v) && v.kind === 'block' && Array.isArray(v.items);
}

/** Terraform's list of references for a traversal: the full one, then its shorter object prefixes. */
export function expandTraversal(traversal: string): string[] {
  const parts = traversal.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [traversal];
  // `b[each.key].id` is the reference `b` (no key) and the index expression's own references.
  const dynamic = parts.findIndex((p) => p.startsWith('[') && literalKey(p) === undefined);
  if (dynamic > 0) return [joinParts(parts.slice(0, dynamic)), ...expandTraversal((parts[dynamic] as string).slice(1, -1))];
  const head = parts[0];
  let minimum: number;
  if (head === 'var' || head === 'local' || head === 'path' || head === 'count' || head === 'terraform') minimum = parts.length;
  else if (head === 'each' || head === 'module') minimum = 2;
  else if (head === 'data') minimum = 3;
  else minimum = 2;
  const out: string[] = [];
  for (let n = parts.length; n >= Math.min(minimum, parts.length); n -= 1) out.push(joinParts(parts.slice(0, n)));
  return out;
}

function joinParts(parts: readonly string[]): string {
  return parts.map((p, i) => (i === 0 || p.startsWith('[') ? p : `.${p}`)).join('');
}

/** The key of a literal index part (`["a"]`, `[0]`); undefined for a computed one (`[each.key]`). */
function literalKey(part: string): string | number | undefined {
  try {
    const key: unknown = JSON.parse(part.slice(1, -1));
    return typeof key === 'string' || typeof key === 'number' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** An instance key as addresses print it: `["a"]`, `[0]`. */
function formatKey(key: string | number | undefined): string {
  return key === undefined ? '' : `[${JSON.stringify(key)}]`;
}

/** Replaces unknown leaves the way `after` does: dropped from objects, null inside lists. */
function omitUnknown(v: unknown): Json {
  if (Array.isArray(v)) return v.map((x) => (x === UNKNOWN ? null : omitUnknown(x)));
  if (isObj(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of sortedEntries(v)) if (x !== UNKNOWN) out[k] = omitUnknown(x);
    return out;
  }
  return v as Json;
}

/** `after_unknown`: true at unknown leaves; known leaves false in lists, omitted in objects. */
function unknownTree(v: unknown): Json {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.map(unknownTree);
  if (isObj(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of sortedEntries(v)) {
      const t = unknownTree(x);
      if (t !== false) out[k] = t;
    }
    return out;
  }
  return false;
}

/** `*_sensitive`: true at sensitive attributes, the known structure elsewhere. */
function sensitiveTree(v: unknown, sensitive: readonly string[], top = true): Json {
  if (Array.isArray(v)) return v.map((x) => sensitiveTree(x, sensitive, false));
  if (isObj(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of sortedEntries(v)) {
      // The schema makes an attribute sensitive whether or not its value is known yet.
      if (top && sensitive.includes(k)) {
        out[k] = true;
        continue;
      }
      if (x === UNKNOWN) continue;
      const t = sensitiveTree(x, sensitive, false);
      if (t !== false) out[k] = t;
    }
    return out;
  }
  return false;
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObj(v)) return Object.values(v).some(containsUnknown);
  return false;
}

function sortedEntries<T>(o: Record<string, T>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(sortedEntries(o));
}

function deepSort(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepSort);
  if (isObj(v)) return Object.fromEntries(sortedEntries(v).map(([k, x]) => [k, deepSort(x)]));
  return v;
}

/** Escapes as Go's encoder does (and so `jsonencode` and `show -json`): <, >, & and the line separators. */
function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** HCL's `jsonencode`: object keys sorted, no spaces, HTML-sensitive characters escaped. */
export function jsonencode(value: unknown): string {
  return goEscape(JSON.stringify(deepSort(value)));
}

function moduleAddress(path: readonly string[]): string {
  return path.map((m) => `module.${m}`).join('.');
}

function localAddress(r: ResourceSpec): string {
  return `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
}

/** Full address of a resource spec: `module.a.aws_s3_bucket.b`, `aws_s3_bucket.b["a"]`. */
export function addressOf(r: ResourceSpec): string {
  const mod = moduleAddress(r.module ?? []);
  const local = `${localAddress(r)}${formatKey(r.key)}`;
  return mod ? `${mod}.${local}` : local;
}

interface Planned {
  spec: ResourceSpec;
  schema: TypeSchema;
  /** Values before the change (no unknowns), or null for a new object. */
  before: Obj | null;
  /** Values after the change (may hold UNKNOWN), or null for a deleted object. */
  after: Obj | null;
}

const EXISTS: readonly PlannedAction[] = ['update', 'no-op', 'delete', 'replace', 'plan-read'];

/** Fills the unset attributes of nested blocks: defaults, and computed ones (unknown on a new object). */
function completeBlocks(schema: TypeSchema, args: ArgMap, resolved: Obj, prefix: string, exists: boolean): void {
  for (const [k, arg] of Object.entries(args)) {
    if (!isBlock(arg)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const items = resolved[k] as Obj[];
    arg.items.forEach((item, i) => {
      const target = items[i] as Obj;
      const fill: Obj = { ...(schema.blocks?.[path] ?? {}) };
      for (const [name, existingValue] of Object.entries(schema.blockComputed?.[path] ?? {})) fill[name] = exists ? existingValue : UNKNOWN;
      for (const [name, value] of Object.entries(fill)) if (!(name in target)) target[name] = value;
      completeBlocks(schema, item, target, path, exists);
    });
  }
}

/** Builds the plan from its description; throws on a description that cannot be rendered faithfully. */
export function buildPlan(spec: PlanSpec): Record<string, unknown> {
  const ctx = spec.aws ?? DEFAULT_AWS;
  const byAddress = new Map<string, ResourceSpec>();
  for (const r of spec.resources) {
    if (byAddress.has(addressOf(r))) throw new Error(`duplicate resource ${addressOf(r)}`);
    byAddress.set(addressOf(r), r);
  }
  const calls = new Map((spec.modules ?? []).map((m) => [m.path.join('/'), m]));
  const planned = new Map<string, Planned>();
  const inProgress = new Set<string>();

  const schemaOf = (r: ResourceSpec): TypeSchema => {
    const s = r.mode === 'data' ? AWS_DATA_SCHEMAS[r.type] : AWS_SCHEMAS[r.type];
    if (!s) throw new Error(`no schema for ${r.mode ?? 'managed'} ${r.type}`);
    return s;
  };

  const navigate = (value: unknown, rest: string[]): unknown => {
    let cur = value;
    for (const part of rest) {
      if (cur === UNKNOWN) return UNKNOWN;
      const key = part.startsWith('[') ? JSON.parse(part.slice(1, -1)) : part;
      if (Array.isArray(cur) && typeof key === 'number') cur = cur[key];
      else if (isObj(cur)) cur = cur[key as string];
      else return null;
    }
    return cur === undefined ? null : cur;
  };

  /** What `each.key` / `count.index` and `each.value` are for the instance `self`. */
  const repetition = (self: ResourceSpec | undefined, traversal: string): { key: string | number; value: () => unknown } => {
    if (self?.key === undefined) throw new Error(`${traversal} is read outside a for_each or count instance`);
    const key = self.key;
    return {
      key,
      value: () => {
        const collection = self.forEach === undefined ? undefined : resolveArg(self.module ?? [], self.forEach, undefined);
        return Array.isArray(collection) ? key : isObj(collection) ? collection[String(key)] : UNKNOWN;
      },
    };
  };

  const resolveTraversal = (path: readonly string[], traversal: string, self?: ResourceSpec): unknown => {
    const parts = traversal.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
    const [head, second, third] = parts;
    if (head === 'each' || head === 'count') {
      const current = repetition(self, traversal);
      return second === 'value' ? navigate(current.value(), parts.slice(2)) : current.key;
    }
    if (head === 'var') {
      if (path.length === 0) {
        const v = spec.variables?.[second ?? ''];
        if (!v) throw new Error(`root variable ${second} is not declared`);
        return navigate(v.value, parts.slice(2));
      }
      const call = calls.get(path.join('/'));
      const input = call?.inputs[second ?? ''];
      if (input === undefined) {
        const declared = call?.variables[second ?? ''];
        if (declared && 'default' in declared) return navigate(declared.default, parts.slice(2));
        throw new Error(`module ${path.join('.')} has no input ${second}`);
      }
      return navigate(resolveArg(path.slice(0, -1), input, undefined), parts.slice(2));
    }
    if (head === 'module') {
      const childPath = [...path, second ?? ''];
      const call = calls.get(childPath.join('/'));
      const out = call?.outputs?.[third ?? ''];
      if (!out) throw new Error(`module ${childPath.join('.')} has no output ${third}`);
      return navigate(resolveTraversal(childPath, out), parts.slice(3));
    }
    const isData = head === 'data';
    let rest = isData ? 3 : 2;
    let local = parts.slice(0, rest).join('.');
    const index = parts[rest];
    if (index?.startsWith('[')) {
      const literal = literalKey(index);
      const key = literal ?? resolveTraversal(path, index.slice(1, -1), self);
      if (typeof key !== 'string' && typeof key !== 'number') throw new Error(`index ${index} of ${traversal} is no instance key`);
      local += formatKey(key);
      rest += 1;
    }
    const mod = moduleAddress(path);
    const address = mod ? `${mod}.${local}` : local;
    const target = byAddress.get(address);
    if (!target) throw new Error(`reference ${traversal} in ${mod || 'root'} points at no resource`);
    const p = plan(target);
    const values = p.after ?? p.before;
    return navigate(values, parts.slice(rest));
  };

  const resolveArg = (path: readonly string[], arg: unknown, self: ResourceSpec | undefined): unknown => {
    if (isRef(arg)) return arg.value !== undefined ? arg.value : resolveTraversal(path, arg.traversal, self);
    if (isExpr(arg)) {
      const e = arg;
      let sawUnknown = false;
      const built = e.build((t) => {
        if (!e.traversals.includes(t)) throw new Error(`expression reads ${t}, which it does not list`);
        const v = resolveTraversal(path, t, self);
        if (!containsUnknown(v)) return v;
        // The result is discarded; a string keeps templates in the builder working.
        sawUnknown = true;
        return '(known after apply)';
      });
      if (sawUnknown) return UNKNOWN;
      return e.form === 'jsonencode' ? jsonencode(built) : built;
    }
    if (isBlock(arg)) return arg.items.map((item) => resolveMap(path, item, self));
    return arg;
  };

  const resolveMap = (path: readonly string[], args: ArgMap, self: ResourceSpec | undefined): Obj => {
    const out: Obj = {};
    for (const [k, v] of Object.entries(args)) out[k] = resolveArg(path, v, self);
    return out;
  };

  function plan(r: ResourceSpec): Planned {
    const address = addressOf(r);
    const done = planned.get(address);
    if (done) return done;
    if (inProgress.has(address)) throw new Error(`reference cycle through ${address}`);
    inProgress.add(address);
    const schema = schemaOf(r);
    const path = r.module ?? [];
    const args = resolveMap(path, r.args, r);
    const exists = EXISTS.includes(r.action);
    completeBlocks(schema, r.args, args, '', exists);
    let before: Obj | null = null;
    if (exists) {
      const written: Obj = { ...args, ...(r.prior ?? {}) };
      if (containsUnknown(written)) throw new Error(`${address} exists, so its prior values must be known: give them in prior`);
      const base = { ...schema.defaults, ...written };
      before = sortKeys({ ...schema.defaults, ...schema.existing(base, ctx), ...(r.state ?? {}), ...written });
    }
    let after: Obj | null = null;
    if (r.action === 'plan-read' || r.action === 'no-op') after = before;
    else if (r.action === 'update') after = sortKeys({ ...(before ?? {}), ...args });
    else if (r.action !== 'delete') {
      const computed = Object.fromEntries(schema.computed.map((k) => [k, UNKNOWN]));
      after = sortKeys({ ...schema.defaults, ...computed, ...args });
    }
    const result = { spec: r, schema, before, after };
    planned.set(address, result);
    inProgress.delete(address);
    return result;
  }

  for (const r of spec.resources) plan(r);
  return render(spec, planned);
}

/** The provider a resource type belongs to: the prefix before the first underscore. */
function providerOfType(type: string): string {
  return type.split('_')[0] ?? type;
}

function providerName(tool: ToolSpec, name: string): string {
  if (name === 'terraform') return 'terraform.io/builtin/terraform';
  const registry = tool.flavor === 'opentofu' ? 'registry.opentofu.org' : 'registry.terraform.io';
  return `${registry}/hashicorp/${name}`;
}

function actionsOf(a: PlannedAction): string[] {
  if (a === 'replace') return ['delete', 'create'];
  return [a];
}

/** The configuration form of an argument: constant_value, references, or nested block maps. */
function expressionOf(arg: Arg): Json {
  if (isRef(arg)) return { references: expandTraversal(arg.traversal) };
  if (isExpr(arg)) {
    const refs = [...new Set(arg.traversals.flatMap(expandTraversal))];
    return refs.length > 0 ? { references: refs } : {};
  }
  if (isBlock(arg)) return arg.items.map(expressionMap);
  return { constant_value: arg as Json };
}

function expressionMap(args: ArgMap): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(args)) out[k] = expressionOf(v);
  return out;
}

function render(spec: PlanSpec, planned: Map<string, Planned>): Record<string, unknown> {
  const tool = spec.tool;
  const fv = tool.formatVersion;
  const all = [...planned.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const instance = (p: Planned, values: Obj) => {
    const r = p.spec;
    return {
      address: addressOf(r),
      mode: r.mode ?? 'managed',
      type: r.type,
      name: r.name,
      ...(r.key === undefined ? {} : { index: r.key }),
      provider_name: providerName(tool, providerOfType(r.type)),
      schema_version: 0,
      values: omitUnknown(values),
      sensitive_values: sensitiveTree(values, p.schema.sensitive ?? []),
    };
  };

  const moduleTree = (entries: [string, Obj][]) => {
    // Group instances by module path, then nest child modules under their parents.
    const byModule = new Map<string, Obj[]>();
    for (const [mod, inst] of entries) {
      const list = byModule.get(mod) ?? [];
      list.push(inst);
      byModule.set(mod, list);
    }
    const paths = new Set<string>();
    for (const mod of byModule.keys()) {
      const names = mod ? mod.split('/') : [];
      for (let i = 1; i <= names.length; i += 1) paths.add(names.slice(0, i).join('/'));
    }
    const node = (mod: string): Obj => {
      const names = mod ? mod.split('/') : [];
      const children = [...paths].filter((p) => p.split('/').length === names.length + 1 && (mod === '' || p.startsWith(`${mod}/`))).sort();
      const out: Obj = {};
      const resources = byModule.get(mod);
      if (resources) out.resources = resources;
      if (mod) out.address = moduleAddress(names);
      if (children.length > 0) out.child_modules = children.map(node);
      return out;
    };
    return node('');
  };

  const plannedEntries: [string, Obj][] = [];
  const priorEntries: [string, Obj][] = [];
  const changes: Obj[] = [];
  for (const [address, p] of all) {
    const r = p.spec;
    const mod = (r.module ?? []).join('/');
    if (p.after && r.action !== 'plan-read') plannedEntries.push([mod, instance(p, p.after)]);
    if (p.before) priorEntries.push([mod, instance(p, p.before)]);
    if (r.action === 'plan-read') continue;
    const sensitive = p.schema.sensitive ?? [];
    const change: Obj = {
      actions: actionsOf(r.action),
      before: p.before ? omitUnknown(p.before) : null,
      after: p.after ? omitUnknown(p.after) : null,
      after_unknown: p.after ? unknownTree(p.after) : {},
      before_sensitive: p.before ? sensitiveTree(p.before, sensitive) : false,
      after_sensitive: p.after ? sensitiveTree(p.after, sensitive) : false,
    };
    if (r.replacePaths) change.replace_paths = r.replacePaths;
    const rc: Obj = { address };
    if (r.module?.length) rc.module_address = moduleAddress(r.module);
    Object.assign(rc, { mode: r.mode ?? 'managed', type: r.type, name: r.name, ...(r.key === undefined ? {} : { index: r.key }), provider_name: providerName(tool, providerOfType(r.type)), change });
    if (r.actionReason) rc.action_reason = r.actionReason;
    changes.push(rc);
  }

  const out: Record<string, unknown> = { format_version: fv, terraform_version: tool.version };
  if (spec.variables && Object.keys(spec.variables).length > 0) {
    out.variables = sortKeys(Object.fromEntries(Object.entries(spec.variables).map(([k, v]) => [k, { value: v.value }])));
  }
  out.planned_values = { root_module: moduleTree(plannedEntries) };
  out.resource_changes = changes;
  if (priorEntries.length > 0) {
    out.prior_state = {
      format_version: fv === '0.2' ? '0.2' : '1.0',
      terraform_version: tool.version,
      values: { root_module: moduleTree(priorEntries) },
    };
  }
  out.configuration = renderConfiguration(spec, all.map(([, p]) => p));
  if (fv === '1.2') {
    out.timestamp = spec.timestamp ?? '2026-11-20T09:41:07Z';
    if (tool.flavor === 'terraform') Object.assign(out, { applyable: true, complete: true, errored: false });
    else out.errored = false;
  }
  return out;
}

function renderConfiguration(spec: PlanSpec, planned: Planned[]): Obj {
  const tool = spec.tool;
  const providerConfig: Obj = {};
  for (const p of spec.providers) {
    const mod = moduleAddress(p.module ?? []);
    const local = p.alias ? `${p.name}.${p.alias}` : p.name;
    const key = mod ? `${mod}:${local}` : local;
    const entry: Obj = { name: p.name, full_name: providerName(tool, p.name) };
    if (p.alias) entry.alias = p.alias;
    if (mod) entry.module_address = mod;
    if (p.versionConstraint) entry.version_constraint = p.versionConstraint;
    if (Object.keys(p.args).length > 0) entry.expressions = expressionMap(p.args);
    providerConfig[key] = entry;
  }

  const moduleBody = (path: readonly string[]): Obj => {
    const joined = path.join('/');
    // The instances of a for_each or count block are one block in the configuration.
    const blocks = new Set<string>();
    const here = planned.filter((p) => {
      if ((p.spec.module ?? []).join('/') !== joined || p.spec.inConfig === false || blocks.has(localAddress(p.spec))) return false;
      blocks.add(localAddress(p.spec));
      return true;
    });
    const sorted = [...here].sort((a, b) => {
      const ma = a.spec.mode === 'data' ? 1 : 0;
      const mb = b.spec.mode === 'data' ? 1 : 0;
      if (ma !== mb) return ma - mb;
      return localAddress(a.spec) < localAddress(b.spec) ? -1 : 1;
    });
    const body: Obj = {};
    const call = (spec.modules ?? []).find((m) => m.path.join('/') === joined);
    if (call?.outputs && Object.keys(call.outputs).length > 0) {
      body.outputs = sortKeys(Object.fromEntries(Object.entries(call.outputs).map(([k, t]) => [k, { expression: { references: expandTraversal(t) } }])));
    }
    if (sorted.length > 0) {
      body.resources = sorted.map((p) => {
        const r = p.spec;
        const res: Obj = {
          address: localAddress(r),
          mode: r.mode ?? 'managed',
          type: r.type,
          name: r.name,
          provider_config_key: r.provider ?? providerOfType(r.type),
          expressions: expressionMap(r.args),
          schema_version: 0,
        };
        if (r.count !== undefined) res.count_expression = { constant_value: r.count };
        if (r.forEach !== undefined) res.for_each_expression = expressionOf(r.forEach);
        if (r.dependsOn) res.depends_on = r.dependsOn;
        return res;
      });
    }
    const children = (spec.modules ?? []).filter((m) => m.path.length === path.length + 1 && m.path.slice(0, -1).join('/') === joined);
    if (children.length > 0) {
      body.module_calls = sortKeys(Object.fromEntries(children.map((m) => {
        const entry: Obj = { source: m.source };
        if (Object.keys(m.inputs).length > 0) entry.expressions = expressionMap(m.inputs);
        entry.module = moduleBody(m.path);
        return [m.path[m.path.length - 1] ?? '', entry];
      })));
    }
    const vars = path.length === 0
      ? Object.fromEntries(Object.entries(spec.variables ?? {}).map(([k, v]) => [k, withoutValue(v)]))
      : call?.variables ?? {};
    if (Object.keys(vars).length > 0) body.variables = sortKeys(vars as Obj);
    return body;
  };

  return { provider_config: providerConfig, root_module: moduleBody([]) };
}

function withoutValue(v: RootVariable): Obj {
  const out: Obj = {};
  if (v.default !== undefined) out.default = v.default;
  if (v.description !== undefined) out.description = v.description;
  if (v.sensitive) out.sensitive = true;
  return out;
}

/** Serialises a plan as `show -json` prints it: one line of Go-escaped JSON and a newline. */
export function planJson(plan: Record<string, unknown>): string {
  return `${goEscape(JSON.stringify(plan))}\n`;
}
