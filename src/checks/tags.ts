/**
 * Tags as AWS will apply them. `tags_all` is what a resource ends up with: its own `tags` over the
 * provider's `default_tags`. When the plan knows `tags_all`, that is the answer. When it shows
 * `tags_all` only as known after apply (older providers do so on every create), the answer is
 * decided from the union of the governing provider's literal `default_tags` and the resource's
 * known `tags`, and stays unknown whenever either of them is not known. A type with `tags` but no
 * `tags_all` gets no default tags, so its `tags` are the answer.
 */
import { defaultTagsOf, isSensitive } from '../plan/index.js';
import { SENSITIVE } from '../plan/sensitive.js';
import type { PlanModel, ResourceInstance } from '../plan/types.js';
import type { Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/** One tag's value: known, or known only after apply. */
export type TagValue = { readonly state: 'known'; readonly value: string } | { readonly state: 'unknown' };

/** The tags a resource will carry, or why the plan cannot tell. */
export type EffectiveTags =
  | {
      readonly state: 'known';
      readonly tags: ReadonlyMap<string, TagValue>;
      /** The path findings name (`tags_all`, or `tags` for a type without tags_all). */
      readonly path: 'tags_all' | 'tags';
      /** How the tags were decided when tags_all was unknown: ` (tags_all from ...)`; `` otherwise. */
      readonly derivation: string;
      readonly sensitive: boolean;
    }
  | { readonly state: 'unknown'; readonly path: string; readonly reason: string }
  | { readonly state: 'unsupported' };

/**
 * Whether a resource carries AWS tags: a `tags_all` attribute, or `tags` on a resource of the AWS
 * provider (the plan lists every attribute of a type, null when unset). Other providers' `tags` are
 * not key/value tags (a Google instance's `tags` is a list of network tags), so they are left out.
 */
export function checkSupportsTags(subject: Subject): Verdict {
  if (subject.kind !== 'resource') return verdict(subject, 'failed', '', `is a ${subject.kind}, not a resource`);
  const resource = subject.resource;
  if (hasAttribute(resource, 'tags_all')) return verdict(subject, 'passed', '', 'supports tags');
  if (hasAttribute(resource, 'tags')) {
    return isAwsProvider(resource.providerName)
      ? verdict(subject, 'passed', '', 'supports tags')
      : verdict(subject, 'failed', '', 'is not a resource of the AWS provider: its tags are not AWS tags');
  }
  if (!valuesShown(resource)) return verdict(subject, 'indeterminate', '', 'its values are not in the plan, so it cannot be told whether it supports tags');
  return verdict(subject, 'failed', '', 'has no tags attribute');
}

/** `registry.terraform.io/hashicorp/aws`, `registry.opentofu.org/hashicorp/aws`, or an old plan's `aws` / `provider.aws`. */
function isAwsProvider(providerName: string | undefined): boolean {
  if (providerName === undefined) return false;
  return providerName === 'aws' || providerName === 'provider.aws' || /(^|\/)hashicorp\/aws"?\]?$/.test(providerName);
}

/** The tags the resource will carry after apply. */
export function effectiveTags(model: PlanModel, resource: ResourceInstance): EffectiveTags {
  if (!valuesShown(resource)) return { state: 'unknown', path: 'tags_all', reason: 'its values are not in the plan' };
  const sensitive = isSensitive(resource, 'tags_all') || isSensitive(resource, 'tags');
  if (hasAttribute(resource, 'tags_all')) {
    const all = readTagMap(resource, 'tags_all');
    if (all) return { state: 'known', tags: all, path: 'tags_all', derivation: '', sensitive };
    return fromDefaultTags(model, resource, sensitive);
  }
  if (!hasAttribute(resource, 'tags')) return { state: 'unsupported' };
  const own = readTagMap(resource, 'tags');
  if (own) return { state: 'known', tags: own, path: 'tags', derivation: '', sensitive };
  return { state: 'unknown', path: 'tags', reason: 'tags is known only after apply' };
}

function fromDefaultTags(model: PlanModel, resource: ResourceInstance, sensitive: boolean): EffectiveTags {
  const unknown = (reason: string): EffectiveTags => ({ state: 'unknown', path: 'tags_all', reason: `tags_all is known only after apply and ${reason}` });
  const governing = model.providerOf(resource.address);
  const provider = governing?.kind === 'configured' ? governing : undefined;
  // Terraform before 1.1 lists only provider blocks that exist: a configuration that shows the
  // resource block but no aws provider block anywhere has no default_tags to add. With another
  // aws block present, or no resource block to go by, the implied provider is not certain.
  const noBlock = governing?.kind === 'implied' && governing.reason === 'no-block' && !model.providers.some((config) => config.name === 'aws');
  if (!provider && !noBlock) return unknown('the plan has no provider configuration for it');
  // default_tags and the union rule are the AWS provider's; another provider's tags_all is its own affair.
  if (provider && provider.name !== 'aws') return unknown(`its provider ${provider.key} is not the aws provider`);
  const defaults = provider ? defaultTagsOf(provider) : ({ state: 'known', tags: {} } as const);
  if (defaults.state === 'unknown') return unknown(defaults.reason);
  const own = hasAttribute(resource, 'tags') ? readTagMap(resource, 'tags') : new Map<string, TagValue>();
  if (!own) return unknown('so is tags');
  const tags = new Map<string, TagValue>(Object.entries(defaults.tags).map(([key, value]) => [key, { state: 'known', value }]));
  for (const [key, value] of own) {
    // Provider versions disagree on whether an empty resource tag overrides a default one.
    const contested = value.state === 'known' && value.value === '' && (defaults.tags[key] ?? '') !== '';
    tags.set(key, contested ? { state: 'unknown' } : value);
  }
  const source = provider ? `the ${provider.key} provider's default_tags and tags` : 'tags, with no aws provider block to add default_tags';
  return { state: 'known', tags, path: 'tags_all', derivation: ` (tags_all decided from ${source})`, sensitive };
}

/** Judges that the resource will carry the tag with a non-empty value. */
export function checkTagged(model: PlanModel, subject: Subject, key: string): Verdict {
  const expected = `a tag ${JSON.stringify(key)}`;
  return judgeTag(model, subject, key, expected, () => true);
}

/** Judges that the resource will carry the tag with one of the values. */
export function checkTagOneOf(model: PlanModel, subject: Subject, key: string, allowed: readonly string[]): Verdict {
  const expected = allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  return judgeTag(model, subject, key, expected, (value) => allowed.includes(value));
}

function judgeTag(model: PlanModel, subject: Subject, key: string, expected: string, accepts: (value: string) => boolean): Verdict {
  if (subject.kind !== 'resource') return verdict(subject, 'failed', '', `is a ${subject.kind}, which has no tags; expected ${expected}`, { expected });
  const effective = effectiveTags(model, subject.resource);
  if (effective.state === 'unsupported') {
    return verdict(subject, 'failed', '', `has no tags attribute, so it cannot carry tags; expected ${expected}`, { expected, actual: 'no tags attribute' });
  }
  const tagPath = (path: string) => `${path}[${JSON.stringify(key)}]`;
  if (effective.state === 'unknown') {
    return verdict(subject, 'indeterminate', effective.path, `cannot be read: ${effective.reason}; expected ${expected}`, { expected, actual: 'known after apply' });
  }
  const path = tagPath(effective.path);
  const value = effective.tags.get(key);
  if (value === undefined) {
    const present = [...effective.tags.keys()];
    const actual = present.length === 0 ? 'no tags' : `tags ${present.map((name) => JSON.stringify(name)).join(', ')}`;
    return verdict(subject, 'failed', path, `is not set${effective.derivation}; expected ${expected}`, { expected, actual });
  }
  if (value.state === 'unknown') {
    return verdict(subject, 'indeterminate', path, `is known only after apply${effective.derivation}; expected ${expected}`, { expected, actual: 'known after apply' });
  }
  const actual = effective.sensitive ? SENSITIVE : show(value.value);
  if (value.value === '') return verdict(subject, 'failed', path, `is "", an empty tag${effective.derivation}; expected ${expected}`, { expected, actual });
  if (accepts(value.value)) return verdict(subject, 'passed', path, `is ${actual}${effective.derivation}`, { expected, actual });
  return verdict(subject, 'failed', path, `is ${actual}${effective.derivation}; expected ${expected}`, { expected, actual });
}

/** A tag map read tri-state per key; undefined when the map as a whole is known only after apply or is not a map. */
function readTagMap(resource: ResourceInstance, name: string): Map<string, TagValue> | undefined {
  const unknown = childOf(resource.unknown, name);
  if (unknown === true) return undefined;
  const value = resource.values[name];
  if (value === null || value === undefined) return new Map();
  if (!isObject(value)) return undefined;
  const tags = new Map<string, TagValue>();
  for (const [key, tag] of Object.entries(value)) {
    if (childOf(unknown, key) === true) tags.set(key, { state: 'unknown' });
    else if (typeof tag === 'string') tags.set(key, { state: 'known', value: tag });
    // A null tag value is dropped or kept depending on the provider: not decidable here.
    else tags.set(key, { state: 'unknown' });
  }
  if (isObject(unknown)) for (const [key, flag] of Object.entries(unknown)) if (flag === true && !tags.has(key)) tags.set(key, { state: 'unknown' });
  return tags;
}

function hasAttribute(resource: ResourceInstance, name: string): boolean {
  return Object.hasOwn(resource.values, name) || (isObject(resource.unknown) && Object.hasOwn(resource.unknown, name));
}

/** False when the plan gives no values for the resource (all unknown, or none printed), so its attributes cannot be listed. */
function valuesShown(resource: ResourceInstance): boolean {
  return resource.unknown !== true && Object.keys(resource.values).length > 0;
}

function childOf(tree: unknown, key: string): unknown {
  return isObject(tree) && Object.hasOwn(tree, key) ? tree[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
