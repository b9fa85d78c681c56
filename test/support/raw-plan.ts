/**
 * Minimal format-1.2 plan JSON for unit tests of checks: root-module resources with their change,
 * unknown and sensitive trees, and configuration expressions, plus provider blocks and variables.
 * Only what `buildPlanModel` reads is written, so each test states exactly the shape it judges.
 */
import { buildPlanModel } from '../../src/plan/index.js';
import type { Action, PlanModel, RawPlan } from '../../src/plan/types.js';

/** One root-module resource instance as `resource_changes` and `configuration` show it. */
export interface RawResource {
  /** `aws_s3_bucket.state`, `aws_s3_bucket.logs[0]`, `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly actions?: readonly Action[];
  readonly actionReason?: string;
  /** `change.after` (or `change.before` for a delete, where `after` is null). */
  readonly values?: Record<string, unknown>;
  readonly unknown?: unknown;
  readonly sensitive?: unknown;
  /** Configuration expressions of the block; omit for a resource without configuration. */
  readonly expressions?: Record<string, unknown>;
}

/** A provider block under `configuration.provider_config`. */
export interface RawProvider {
  readonly key: string;
  readonly name: string;
  readonly alias?: string;
  readonly moduleAddress?: string;
  readonly expressions?: Record<string, unknown>;
}

/** Plan JSON for the resources, providers and root variables given. */
export function rawPlan(spec: { resources?: readonly RawResource[]; providers?: readonly RawProvider[]; variables?: Record<string, unknown> }): RawPlan {
  const resources = spec.resources ?? [];
  const changes = resources.map((resource) => {
    const { type, name, mode } = parts(resource.address);
    const actions = resource.actions ?? ['create'];
    const leaving = actions.length === 1 && actions[0] === 'delete';
    const values = resource.values ?? {};
    const change: Record<string, unknown> = {
      actions,
      before: leaving || actions[0] !== 'create' ? values : null,
      after: leaving ? null : values,
      after_unknown: leaving ? {} : (resource.unknown ?? {}),
      before_sensitive: leaving ? (resource.sensitive ?? {}) : false,
      after_sensitive: leaving ? false : (resource.sensitive ?? {}),
    };
    return {
      address: resource.address,
      mode,
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change,
      ...(resource.actionReason ? { action_reason: resource.actionReason } : {}),
    };
  });
  const configured = resources.filter((resource) => resource.expressions !== undefined);
  const seen = new Set<string>();
  const configResources = configured.flatMap((resource) => {
    const { type, name, mode, block } = parts(resource.address);
    if (seen.has(block)) return [];
    seen.add(block);
    return [{ address: block, mode, type, name, provider_config_key: 'aws', expressions: resource.expressions, schema_version: 0 }];
  });
  const providerConfig = Object.fromEntries(
    (spec.providers ?? []).map((provider) => [
      provider.key,
      {
        name: provider.name,
        full_name: `registry.terraform.io/hashicorp/${provider.name}`,
        ...(provider.alias ? { alias: provider.alias } : {}),
        ...(provider.moduleAddress ? { module_address: provider.moduleAddress } : {}),
        expressions: provider.expressions ?? {},
      },
    ]),
  );
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    ...(spec.variables ? { variables: Object.fromEntries(Object.entries(spec.variables).map(([key, value]) => [key, { value }])) } : {}),
    planned_values: { root_module: {} },
    resource_changes: changes,
    configuration: { provider_config: providerConfig, root_module: { resources: configResources } },
  };
}

/** Models plan JSON as the loader would hand it over. */
export function modelOf(raw: RawPlan): PlanModel {
  const text = JSON.stringify(raw);
  return buildPlanModel({ displayPath: 'tfplan.json', raw, bytes: Buffer.byteLength(text), origin: 'json' });
}

/** Shorthand: the model of a plan with these resources (and providers). */
export function planWith(resources: readonly RawResource[], providers: readonly RawProvider[] = []): PlanModel {
  return modelOf(rawPlan({ resources, providers }));
}

function parts(address: string): { type: string; name: string; mode: 'managed' | 'data'; block: string } {
  const block = address.replace(/\[[^\]]*\]$/, '');
  const data = block.startsWith('data.');
  const [type, name] = (data ? block.slice(5) : block).split('.') as [string, string];
  return { type, name, mode: data ? 'data' : 'managed', block };
}
