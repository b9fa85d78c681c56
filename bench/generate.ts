/**
 * Renders a synthetic plan in the `terraform show -json` format 1.2 layout: planned_values with
 * nested child_modules, resource_changes, prior_state for objects that already exist, and the
 * configuration. Output goes to a chunk sink so a 50,000-resource plan never has to exist as
 * one nested object; each resource is stringified on its own.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { buildValues, type ResourceValues, type ValuePath } from './aws-values.js';
import type { InstanceSpec, Layout, ModuleNode } from './layout.js';
import { shapes, type ShapeName } from './shapes.js';

export interface GenerateOptions {
  /** Exact number of managed resource instances (entries of resource_changes). */
  resources: number;
  seed: number;
  /** The estate's shape (shapes.ts); `synthetic` when left out. */
  shape?: ShapeName;
}

const terraformVersion = '1.11.4';
const providerName = 'registry.terraform.io/hashicorp/aws';

/** Writes the plan for the options to the sink, chunk by chunk; returns the layout it rendered. */
export function generatePlan(options: GenerateOptions, write: (chunk: string) => void): Layout {
  const shape = shapes[options.shape ?? 'synthetic'];
  const layout = shape.layout(options.resources, options.seed);
  write(`{"format_version":"1.2","terraform_version":"${terraformVersion}",`);
  write('"variables":{"allowed_regions":{"value":["eu-west-1","eu-central-1"]},"region":{"value":"eu-west-1"}},');
  write('"planned_values":{"root_module":');
  writeModule(layout.root, write, plannedSection);
  write('},"resource_changes":[');
  let first = true;
  forEachInstance(layout.root, (spec) => {
    if (spec.mode !== 'managed') return;
    write(first ? resourceChange(spec) : `,${resourceChange(spec)}`);
    first = false;
  });
  write(`],"prior_state":{"format_version":"1.0","terraform_version":"${terraformVersion}","values":{"root_module":`);
  writeModule(layout.root, write, priorSection);
  write('}},"configuration":');
  write(JSON.stringify(shape.configuration(layout)));
  write(',"timestamp":"2026-01-15T10:00:00Z","applyable":true,"complete":true,"errored":false}');
  return layout;
}

/** The whole plan as one string (for tests and small plans). */
export function generatePlanText(options: GenerateOptions): string {
  const chunks: string[] = [];
  generatePlan(options, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** Writes the plan to a file in buffered chunks; returns its size in bytes. */
export function writePlanFile(file: string, options: GenerateOptions): number {
  const fd = openSync(file, 'w');
  let pending: string[] = [];
  let pendingLength = 0;
  let bytes = 0;
  const flush = (): void => {
    const buffer = Buffer.from(pending.join(''), 'utf8');
    writeSync(fd, buffer);
    bytes += buffer.length;
    pending = [];
    pendingLength = 0;
  };
  try {
    generatePlan(options, (chunk) => {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > 1 << 20) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function forEachInstance(node: ModuleNode, visit: (spec: InstanceSpec) => void): void {
  for (const spec of node.instances) visit(spec);
  for (const child of node.children) forEachInstance(child, visit);
}

/** Which instances a nested-module section lists, and how it renders one. */
interface Section {
  keep(spec: InstanceSpec): boolean;
  render(spec: InstanceSpec): string;
}

/** Writes one module object (`resources`, `address`, `child_modules`; empty ones left out, as Terraform does). */
function writeModule(node: ModuleNode, write: (chunk: string) => void, section: Section): void {
  const resources = node.instances.filter(section.keep).map(section.render);
  const children = node.children.filter((child) => hasAny(child, section));
  const parts: string[] = [];
  if (resources.length > 0) parts.push(`"resources":[${resources.join(',')}]`);
  if (node.address !== '') parts.push(`"address":${JSON.stringify(node.address)}`);
  write(`{${parts.join(',')}`);
  if (children.length > 0) {
    write(`${parts.length > 0 ? ',' : ''}"child_modules":[`);
    children.forEach((child, i) => {
      if (i > 0) write(',');
      writeModule(child, write, section);
    });
    write(']');
  }
  write('}');
}

function hasAny(node: ModuleNode, section: Section): boolean {
  return node.instances.some(section.keep) || node.children.some((child) => hasAny(child, section));
}

// Deleted objects are gone from planned_values; created ones are not yet in prior_state.
const plannedSection: Section = {
  keep: (spec) => spec.mode === 'managed' && spec.change !== 'delete',
  render: (spec) => {
    const values = afterValues(spec);
    return JSON.stringify({ ...header(spec), values: values.after, sensitive_values: shapeOf(values.full) });
  },
};

const priorSection: Section = {
  keep: (spec) => spec.mode === 'data' || spec.change !== 'create',
  render: (spec) => {
    const before = beforeValues(spec);
    return JSON.stringify({ ...header(spec), values: before, sensitive_values: shapeOf(before) });
  },
};

function header(spec: InstanceSpec): Record<string, unknown> {
  return {
    address: spec.address,
    mode: spec.mode,
    type: spec.type,
    name: spec.name,
    ...(spec.index === undefined ? {} : { index: spec.index }),
    provider_name: providerName,
    schema_version: 0,
  };
}

function resourceChange(spec: InstanceSpec): string {
  const { schema_version: _schemaVersion, ...head } = header(spec);
  const entry: Record<string, unknown> = {
    address: head.address,
    ...(spec.moduleAddress === '' ? {} : { module_address: spec.moduleAddress }),
    ...head,
  };
  entry.change = changeBody(spec);
  if (spec.actionReason !== undefined) entry.action_reason = spec.actionReason;
  return JSON.stringify(entry);
}

function changeBody(spec: InstanceSpec): Record<string, unknown> {
  switch (spec.change) {
    case 'create': {
      const { after, unknown, full } = afterValues(spec);
      return { actions: ['create'], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: shapeOf(full) };
    }
    case 'delete': {
      const before = beforeValues(spec);
      return { actions: ['delete'], before, after: null, after_unknown: {}, before_sensitive: shapeOf(before), after_sensitive: false };
    }
    case 'no-op': {
      const state = stateOf(spec).state;
      const shape = shapeOf(state);
      return { actions: ['no-op'], before: state, after: state, after_unknown: {}, before_sensitive: shape, after_sensitive: shape };
    }
    case 'update': {
      const before = beforeValues(spec);
      const { after, unknown, full } = afterValues(spec);
      return { actions: ['update'], before, after, after_unknown: unknown, before_sensitive: shapeOf(before), after_sensitive: shapeOf(full) };
    }
    case 'replace': {
      const before = beforeValues(spec);
      const { after, unknown, full, values } = afterValues(spec);
      return {
        actions: spec.createFirst ? ['create', 'delete'] : ['delete', 'create'],
        before,
        after,
        after_unknown: unknown,
        before_sensitive: shapeOf(before),
        after_sensitive: shapeOf(full),
        replace_paths: [[values.replaceOn ?? 'id']],
      };
    }
  }
}

function stateOf(spec: InstanceSpec): ResourceValues {
  return buildValues(spec.type, spec.ctx);
}

/** Planned values: what is known now, the unknown tree, and the full values for shapes. */
function afterValues(spec: InstanceSpec): { after: Record<string, unknown>; unknown: Record<string, unknown>; full: Record<string, unknown>; values: ResourceValues } {
  const values = stateOf(spec);
  const full = stateOf(spec).state;
  const unknownPaths: ValuePath[] = [];
  if (spec.change === 'create' || spec.change === 'replace') unknownPaths.push(...values.computed);
  if (spec.refsUnknown) unknownPaths.push(...values.derived);
  // An update recomputes tags_all from tags and default_tags, so the provider plans it as unknown.
  if (spec.change === 'update' && 'tags_all' in values.state) unknownPaths.push(['tags_all']);
  const unknown = shapeOf(full) as Record<string, unknown>;
  for (const path of unknownPaths) {
    removeAt(values.state, path);
    setAt(unknown, path, true);
  }
  return { after: values.state, unknown, full, values };
}

/** The object as it is in state before this plan: the same resource with an older setting. */
function beforeValues(spec: InstanceSpec): Record<string, unknown> {
  const values = stateOf(spec);
  const state = values.state;
  if (spec.change === 'replace' && values.replaceOn !== undefined) {
    state[values.replaceOn] = `${String(state[values.replaceOn])}-previous`;
  } else if (spec.change === 'update') {
    ageForUpdate(state);
  }
  return state;
}

function ageForUpdate(state: Record<string, unknown>): void {
  const tags = state.tags;
  if (tags !== null && typeof tags === 'object') {
    const { ManagedBy: _managedBy, ...older } = tags as Record<string, string>;
    state.tags = older;
    state.tags_all = older;
    return;
  }
  if (typeof state.policy === 'string') {
    state.policy = state.policy.replace('"2012-10-17"', '"2008-10-17"');
    return;
  }
  const rule = (state.rule as Record<string, unknown[]>[] | undefined)?.[0]?.apply_server_side_encryption_by_default?.[0];
  if (rule !== null && typeof rule === 'object') {
    // A bucket moving from SSE-S3 to SSE-KMS: the migration this catalogue pushes for.
    Object.assign(rule, { kms_master_key_id: '', sse_algorithm: 'AES256' });
    return;
  }
  const versioning = (state.versioning_configuration as Record<string, unknown>[] | undefined)?.[0];
  if (versioning !== undefined) {
    versioning.status = 'Suspended';
    return;
  }
  const flag = Object.keys(state).find((key) => typeof state[key] === 'boolean');
  if (flag !== undefined) state[flag] = !state[flag];
}

/**
 * The structure tree Terraform writes for `sensitive_values` / `after_unknown`: objects and
 * lists kept, primitive leaves dropped from objects and written `false` inside lists.
 */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? shapeOf(item) : false));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item !== null && typeof item === 'object') out[key] = shapeOf(item);
  }
  return out;
}

function removeAt(target: Record<string, unknown>, path: ValuePath): void {
  const parent = walk(target, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent !== null && typeof parent === 'object' && last !== undefined) delete (parent as Record<string | number, unknown>)[last];
}

function setAt(target: Record<string, unknown>, path: ValuePath, value: unknown): void {
  const parent = walk(target, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent !== null && typeof parent === 'object' && last !== undefined) (parent as Record<string | number, unknown>)[last] = value;
}

function walk(target: unknown, path: ValuePath): unknown {
  let node = target;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
