/**
 * The plan model's public shape. Everything above src/plan/ (checks, steps, reports, observe)
 * depends on these types only, never on the raw JSON layout of `tofu show -json`.
 */

/** The raw JSON of `tofu show -json` / `terraform show -json` for a plan, validated. */
export type RawPlan = Record<string, unknown> & {
  format_version: string;
  terraform_version?: string;
};

/** A plan as read from disk or stdin, before modelling. */
export interface LoadedPlan {
  /** What the user named: a path as given, `-` for stdin. Used in every message. */
  displayPath: string;
  /** The JSON (validated against the shipped schema). */
  raw: RawPlan;
  /** Size of the JSON text in bytes. */
  bytes: number;
  /** How it was obtained. */
  origin: 'json' | 'stdin' | 'binary';
}

/** Tri-state value of an attribute: known now, known only after apply, or not there at all. */
export type TriValue =
  | { readonly state: 'known'; readonly value: unknown }
  | { readonly state: 'unknown' }
  | { readonly state: 'absent' };

/** One value reached by an attribute path; wildcards yield one per item, each with its concrete path. */
export interface PathValue {
  /** Concrete path, e.g. `rule[0].apply_server_side_encryption_by_default[0].sse_algorithm`. */
  readonly path: string;
  readonly value: TriValue;
  /** True when the plan marks this value sensitive. */
  readonly sensitive: boolean;
}

/** A single action as it appears in `resource_changes[].change.actions`. */
export type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** The change a resource instance undergoes, with replace as one kind. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'no-op' | 'forget';

/** A configuration expression as the plan's `configuration` block gives it. */
export interface Expression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

/** Attribute name → expression, or → list of nested blocks (each again an expression map). */
export interface ExpressionMap {
  readonly [attribute: string]: Expression | readonly ExpressionMap[] | ExpressionMap;
}

/** A resource block in the configuration (per block, not per instance). */
export interface ResourceConfig {
  /** Absolute configuration address without instance keys: `module.a.module.b.aws_s3_bucket.x`. */
  readonly configAddress: string;
  /** Module path without instance keys: `module.a.module.b`, `` for root. */
  readonly modulePath: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly providerConfigKey: string | undefined;
  readonly expressions: ExpressionMap;
  readonly countExpression: Expression | undefined;
  readonly forEachExpression: Expression | undefined;
}

/** One resource instance, merged from planned_values, resource_changes, prior_state and configuration. */
export interface ResourceInstance {
  /** Full instance address: `module.a["x"].aws_s3_bucket.b[0]`. */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** count index or for_each key, when the resource has one. */
  readonly index: string | number | undefined;
  /** Module instance address: `module.a["x"]`, `` for root. */
  readonly moduleAddress: string;
  /** Configuration address (no instance keys): `module.a.aws_s3_bucket.b`. */
  readonly configAddress: string;
  readonly providerName: string | undefined;
  /** Raw actions; `['no-op']` for an instance that only appears in planned_values or prior_state. */
  readonly actions: readonly Action[];
  readonly change: ChangeKind;
  readonly actionReason: string | undefined;
  readonly previousAddress: string | undefined;
  /** Set for a deposed object (create_before_destroy leftovers). */
  readonly deposed: string | undefined;
  /** The values checks look at: `after` for instances that will exist, `before` for deleted ones. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Parallel tree of `after_unknown` (true at a leaf = known only after apply); `{}` when none. */
  readonly unknown: unknown;
  /** Parallel tree of `after_sensitive` (or `before_sensitive` for deleted instances). */
  readonly sensitive: unknown;
  readonly before: unknown;
  readonly after: unknown;
  /** True for a data source read during planning (from prior_state) or a `read` change. */
  readonly readAtPlan: boolean;
  readonly config: ResourceConfig | undefined;
}

/** A reference from one resource instance's attribute to another resource instance. */
export interface Reference {
  /** Referring instance address. */
  readonly from: string;
  /** Attribute path in the referring resource's configuration, e.g. `bucket`, `rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id`. */
  readonly attribute: string;
  /** Referenced instance address. */
  readonly to: string;
  /** How it was established: a configuration expression, or equal known values (id/arn/name). */
  readonly via: 'configuration' | 'value';
  /**
   * True when the configuration indexes the referenced block with a key the plan does not tell
   * (`b[local.names[each.key]]`, `b[each.value]` over a variable): `to` is one of the block's
   * instances the reference may mean, not one it certainly means.
   */
  readonly uncertain?: true;
}

/** A provider configuration block, as the plan's configuration gives it. */
export interface ProviderConfig {
  readonly kind: 'configured';
  /** Key in `configuration.provider_config`: `aws`, `aws.west`, `module.child:aws`, `child:aws`. */
  readonly key: string;
  /** Provider local name: `aws`. */
  readonly name: string;
  readonly fullName: string | undefined;
  readonly alias: string | undefined;
  /** Module path (no instance keys) the block is declared in, `` for root. */
  readonly modulePath: string;
  readonly expressions: ExpressionMap;
  readonly versionConstraint: string | undefined;
}

/**
 * The provider of a resource that no provider block configures: Terraform and OpenTofu then use
 * the provider's default configuration, with no settings the plan can show.
 */
export interface ImpliedProvider {
  readonly kind: 'implied';
  /** Provider local name: `aws`. */
  readonly name: string;
  readonly fullName: string | undefined;
  /**
   * `no-block`: the resource block names a provider the configuration has no block for.
   * `no-configuration`: the plan's configuration does not show the resource block at all (a
   * resource only in state), so which block would govern it cannot be told.
   */
  readonly reason: 'no-block' | 'no-configuration';
  /** The provider_config_key the resource block names, when it has one. */
  readonly configKey: string | undefined;
  /** One line for findings: `the implied default aws provider (no provider block in the configuration)`. */
  readonly description: string;
}

/** What `providerOf` answers: a provider block, or the implied default provider. */
export type GoverningProvider = ProviderConfig | ImpliedProvider;

/** A module instance present in the plan. */
export interface ModuleInfo {
  /** Module instance address, `module.a["x"]`. */
  readonly address: string;
  /** Module path without instance keys, `module.a`. */
  readonly modulePath: string;
  /** The `source` of its module call, when the configuration gives it. */
  readonly source: string | undefined;
  readonly resourceCount: number;
}

/** Counts used by `plan show` and by reports. */
export interface PlanStats {
  readonly byChange: Readonly<Record<ChangeKind, number>>;
  readonly byType: Readonly<Record<string, number>>;
  readonly unknownAttributes: number;
  readonly dataSourcesRead: number;
  readonly resourceInstances: number;
}

/** The modelled plan. Built once per run by `buildPlanModel` and shared read-only. */
export interface PlanModel {
  /** As the user named it (see LoadedPlan.displayPath). */
  readonly displayPath: string;
  readonly formatVersion: string;
  readonly terraformVersion: string | undefined;
  /** Best guess from the version string and keys; informational only, never used to refuse a plan. */
  readonly tool: 'terraform' | 'opentofu' | 'unknown';
  /** Every resource instance (managed and data), deleted ones included, in plan order. */
  readonly resources: readonly ResourceInstance[];
  readonly modules: readonly ModuleInfo[];
  readonly providers: readonly ProviderConfig[];
  readonly stats: PlanStats;
  readonly raw: RawPlan;

  resource(address: string): ResourceInstance | undefined;
  /** Instances of a type, O(1) by index. */
  resourcesOfType(type: string): readonly ResourceInstance[];
  /** Instances declared directly in a module instance (`` for root). */
  resourcesInModule(moduleAddress: string): readonly ResourceInstance[];
  /** Resolved outgoing references of an instance, O(1) by index. */
  referencesFrom(address: string): readonly Reference[];
  /** Resolved incoming references to an instance, O(1) by index. */
  referencesTo(address: string): readonly Reference[];
  /**
   * The provider that governs the instance: its configuration block (walking module keys up to
   * the root), or the implied default provider when the configuration has no block for it.
   * Undefined only for an address that is not in the plan.
   */
  providerOf(address: string): GoverningProvider | undefined;
}
