/**
 * The `sast` format: GitLab's security report (schema 15.x, report type `sast`), so that what
 * blocks the merge reaches the Security widget and the vulnerability report.
 *
 * Only enforced scenarios that block the run are reported: a failed finding is `Critical`, an
 * indeterminate one (when indeterminate fails the run) `Unknown`. Observed guardrails and waived
 * findings are not vulnerabilities. GitLab tells vulnerabilities apart by their primary
 * identifier and location, so the primary identifier names the guardrail and, in a workload
 * gate, the workload: two gates of one pipeline (staging, prod) keep separate records.
 */
import type { Finding, FindingsReport, GuardrailResult, ScenarioResult } from './types.js';
import { findingLocation, fingerprinter } from './codequality.js';
import { findingLine, openFindings } from './text.js';
import { scenarioBlocks } from './verdict.js';

/** The schema version written; GitLab accepts the 15.x line. */
export const SAST_SCHEMA_VERSION = '15.0.7';

const SCANNER = {
  id: 'tofu_guardrails',
  name: 'tofu-guardrails',
  vendor: { name: 'tofu-guardrails' },
} as const;

/** GitLab's limits on these fields; longer text is cut rather than rejected by the import. */
const NAME_LIMIT = 255;
const DESCRIPTION_LIMIT = 1_048_576;

export interface SastVulnerability {
  id: string;
  name: string;
  description: string;
  severity: 'Critical' | 'Unknown';
  solution?: string;
  identifiers: Array<{ type: string; name: string; value: string }>;
  location: { file: string; start_line: number };
}

export interface SastReport {
  version: string;
  scan: {
    analyzer: { id: string; name: string; version: string; vendor: { name: string } };
    scanner: { id: string; name: string; version: string; vendor: { name: string } };
    type: 'sast';
    status: 'success';
    start_time: string;
    end_time: string;
  };
  vulnerabilities: SastVulnerability[];
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** GitLab's time format: UTC to the second, no zone suffix. */
function scanTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** The SAST report of a findings report; `at` is the time of the scan (the report is written just after it). */
export function sastReport(report: FindingsReport, at: Date): SastReport {
  const tool = { ...SCANNER, version: report.tool.version };
  const vulnerabilities: SastVulnerability[] = [];
  const fingerprint = fingerprinter(report);
  for (const guardrail of report.guardrails) {
    for (const scenario of guardrail.scenarios) {
      if (!scenarioBlocks(scenario, report.onIndeterminate)) continue;
      for (const finding of openFindings(scenario.findings)) {
        vulnerabilities.push(vulnerability(report, guardrail, scenario, finding, fingerprint(guardrail, scenario, finding)));
      }
    }
  }
  return {
    version: SAST_SCHEMA_VERSION,
    scan: { analyzer: tool, scanner: tool, type: 'sast', status: 'success', start_time: scanTime(at), end_time: scanTime(at) },
    vulnerabilities,
  };
}

function vulnerability(report: FindingsReport, guardrail: GuardrailResult, scenario: ScenarioResult, finding: Finding, id: string): SastVulnerability {
  const workload = report.workload;
  const scenarioName = scenario.name;
  const where = findingLocation(report, guardrail, scenario, finding);
  return {
    id,
    name: clip(workload === undefined ? guardrail.title : `${guardrail.title} (${workload})`, NAME_LIMIT),
    description: clip(`${findingLine(finding)}\n\nScenario: ${scenarioName}${guardrail.description ? `\n\n${guardrail.description}` : ''}`, DESCRIPTION_LIMIT),
    severity: finding.status === 'failed' ? 'Critical' : 'Unknown',
    identifiers: [
      {
        type: 'tofu_guardrails_guardrail',
        name: clip(workload === undefined ? `Guardrail ${guardrail.id}` : `Guardrail ${guardrail.id} in ${workload}`, NAME_LIMIT),
        value: workload === undefined ? guardrail.id : `${guardrail.id}@${workload}`,
      },
    ],
    location: { file: where.path, start_line: where.line },
  };
}

/** Renders a findings report as GitLab's SAST report JSON. */
export function renderCheckSast(report: FindingsReport, at: Date = new Date()): string {
  return `${JSON.stringify(sastReport(report, at), null, 2)}\n`;
}
