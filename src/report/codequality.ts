/**
 * The `codequality` format: GitLab's Code Quality report (a subset of the Code Climate issue
 * format). One issue per open finding, located at the `.tf` block that declares its resource
 * (see findingLocation).
 *
 * Severity: a failed enforced guardrail blocks the merge (`critical`); an indeterminate
 * enforced one is `major` when indeterminate fails the run and `minor` when it only warns;
 * anything from an observed guardrail is `info`.
 *
 * The fingerprint is what GitLab uses to tell new issues from fixed ones across pipelines,
 * so it hashes only identities (workload, guardrail id, scenario name, address, attribute path,
 * status), never the message wording or the location; a repeat of the same identity gets its
 * occurrence number.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Enforcement, Finding, FindingsReport, GuardrailResult, ScenarioResult } from './types.js';
import { findingLine, openFindings } from './text.js';
import { outcomeBlocks } from './verdict.js';

/** GitLab's Code Quality severities, least to most severe. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One entry of GitLab's Code Quality report. */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** The Code Quality issues of a findings report, in report order. */
export function codeQualityIssues(report: FindingsReport): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  const fingerprint = fingerprinter(report);
  for (const guardrail of report.guardrails) {
    for (const scenario of guardrail.scenarios) {
      for (const finding of openFindings(scenario.findings)) {
        const where = findingLocation(report, guardrail, scenario, finding);
        issues.push({
          description: findingLine(finding),
          check_name: guardrail.id,
          fingerprint: fingerprint(guardrail, scenario, finding),
          severity: severity(report, finding, scenario.enforcement),
          location: { path: where.path, lines: { begin: where.line } },
        });
      }
    }
  }
  return issues;
}

/**
 * Fingerprints for one report's findings: sha256 of the identity (workload, guardrail id, scenario
 * name, address, attribute path, status) and its occurrence number. The workload keeps two gates
 * of one pipeline (staging, prod) from collapsing each other's findings.
 */
export function fingerprinter(report: FindingsReport): (guardrail: GuardrailResult, scenario: ScenarioResult, finding: Finding) => string {
  const seen = new Map<string, number>();
  return (guardrail, scenario, finding) => {
    // Without a workload the identity is what it always was, so upgrading does not renew every fingerprint.
    const parts = [guardrail.id, scenario.name, finding.address, finding.path, finding.status];
    const identity = (report.workload === undefined ? parts : [report.workload, ...parts]).join('\u0000');
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex');
  };
}

/**
 * Where a finding is pinned: the `.tf` block that declares its resource when the sources placed
 * it; else the plan (line 1); else, for a plan read from stdin, the scenario in its feature file
 * (by name only when the feature lies outside the checkout: its path would only leak the
 * runner's layout).
 */
export function findingLocation(report: FindingsReport, guardrail: GuardrailResult, scenario: ScenarioResult, finding: Finding): { path: string; line: number } {
  if (finding.location) return { path: finding.location.path, line: finding.location.line ?? 1 };
  if (report.plan.path !== '-') return { path: report.plan.path, line: 1 };
  return { path: path.isAbsolute(guardrail.uri) ? path.basename(guardrail.uri) : guardrail.uri, line: Math.max(1, scenario.line) };
}

function severity(report: FindingsReport, finding: Finding, enforcement: Enforcement): CodeQualitySeverity {
  if (enforcement === 'observe') {
    return 'info';
  }
  if (finding.status === 'failed') {
    return 'critical';
  }
  return outcomeBlocks(enforcement, 'indeterminate', report.onIndeterminate) ? 'major' : 'minor';
}

/** Renders a findings report as a GitLab Code Quality JSON array. */
export function renderCheckCodeQuality(report: FindingsReport): string {
  return `${JSON.stringify(codeQualityIssues(report), null, 2)}\n`;
}
