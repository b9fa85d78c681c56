/**
 * The `json` format: the report itself, the public contract described by
 * schema/findings-report.schema.json and schema/observation-report.schema.json.
 * Keys are written in the schema's order whatever order the producer built them in, so two
 * runs over the same plan give byte-identical files; keys this module does not know are kept, last.
 */
import { jsonText } from './escape.js';
import type { FindingsReport, ObservationReport } from './types.js';

type KeyOrder = { readonly keys: readonly string[]; readonly children?: Readonly<Record<string, KeyOrder>> };

const waiverOrder: KeyOrder = { keys: ['reason', 'owner', 'expires', 'expired'] };
const findingOrder: KeyOrder = {
  keys: ['address', 'type', 'status', 'path', 'message', 'expected', 'actual', 'step', 'location', 'waiver'],
  children: { location: { keys: ['path', 'line'] }, waiver: waiverOrder },
};
const stepOrder: KeyOrder = { keys: ['keyword', 'text', 'status', 'error'] };
const scenarioOrder: KeyOrder = {
  keys: ['name', 'line', 'enforcement', 'status', 'reason', 'findings', 'steps'],
  children: { findings: findingOrder, steps: stepOrder },
};
const guardrailOrder: KeyOrder = {
  keys: ['id', 'title', 'description', 'uri', 'enforcement', 'status', 'scenarios', 'findings'],
  children: { scenarios: scenarioOrder, findings: findingOrder },
};
const findingsReportOrder: KeyOrder = {
  keys: ['schemaVersion', 'tool', 'plan', 'workload', 'verdict', 'onIndeterminate', 'summary', 'changedOnly', 'guardrails', 'unusedWaivers', 'ignoredWaivers'],
  children: {
    changedOnly: { keys: ['judged', 'untouched'] },
    tool: { keys: ['name', 'version'] },
    plan: { keys: ['path', 'formatVersion', 'terraformVersion'] },
    summary: { keys: ['passed', 'failed', 'indeterminate', 'not-applicable'] },
    guardrails: guardrailOrder,
    unusedWaivers: { keys: ['guardrail', 'workload', 'addresses', 'reason'] },
    ignoredWaivers: { keys: ['guardrail', 'workload', 'addresses', 'reason', 'file'] },
  },
};
const observationReportOrder: KeyOrder = {
  keys: ['schemaVersion', 'kind', 'tool', 'shard', 'guardrails', 'workloads', 'promotion'],
  children: {
    tool: { keys: ['name', 'version'] },
    shard: { keys: ['index', 'count'] },
    guardrails: {
      keys: ['id', 'title', 'uri', 'totals', 'promotable', 'blockingWorkloads'],
      children: { totals: { keys: ['passed', 'failed', 'indeterminate', 'not-applicable', 'error'] } },
    },
    workloads: {
      keys: ['name', 'origin', 'metadata', 'owners', 'status', 'error', 'report'],
      children: { report: findingsReportOrder },
    },
    promotion: {
      keys: ['promotable', 'blocking'],
      children: { blocking: { keys: ['guardrail', 'workload', 'status'] } },
    },
  },
};

/** Renders a findings report as JSON: schema key order, 2-space indent, trailing newline. */
export function renderCheckJson(report: FindingsReport): string {
  return jsonText(ordered(report, findingsReportOrder));
}

/** Renders an observation report as JSON: schema key order, 2-space indent, trailing newline. */
export function renderObservationJson(report: ObservationReport): string {
  return jsonText(ordered(report, observationReportOrder));
}

function ordered(value: unknown, order: KeyOrder): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => ordered(item, order));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const source = value as Record<string, unknown>;
  const known = order.keys.filter((key) => key in source);
  const extra = Object.keys(source).filter((key) => !order.keys.includes(key));
  const result: Record<string, unknown> = {};
  for (const key of [...known, ...extra]) {
    const child = order.children?.[key];
    result[key] = child === undefined ? source[key] : ordered(source[key], child);
  }
  return result;
}
