/**
 * The `codequality` format: GitLab's Code Quality report (a subset of the Code Climate issue
 * format). One issue per open finding, located at the scenario that found it.
 *
 * Severity: a failed enforced guardrail blocks the merge (`critical`); an indeterminate
 * enforced one is `major` when indeterminate fails the run and `minor` when it only warns;
 * anything from an observed guardrail is `info`.
 *
 * The fingerprint is what GitLab uses to tell new issues from fixed ones across pipelines,
 * so it hashes only identities (guardrail id, scenario name, address, attribute path, status),
 * never the message wording; a repeat of the same identity gets its occurrence number.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Enforcement, Finding, FindingsReport } from './types.js';
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
  const seen = new Map<string, number>();
  for (const guardrail of report.guardrails) {
    for (const scenario of guardrail.scenarios) {
      for (const finding of openFindings(scenario.findings)) {
        const identity = [guardrail.id, scenario.name, finding.address, finding.path, finding.status].join('\u0000');
        const occurrence = seen.get(identity) ?? 0;
        seen.set(identity, occurrence + 1);
        issues.push({
          description: findingLine(finding),
          check_name: guardrail.id,
          fingerprint: createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex'),
          severity: severity(report, finding, scenario.enforcement),
          location: location(report, guardrail.uri, scenario.line),
        });
      }
    }
  }
  return issues;
}

/**
 * Where GitLab should pin the issue: the scenario in the feature file when the catalogue lives
 * in the repository; the plan when the feature file lies outside it (an absolute uri, e.g. the
 * bundled catalogue), since a path outside the checkout would only leak the runner's layout.
 */
function location(report: FindingsReport, uri: string, line: number): CodeQualityIssue['location'] {
  if (path.isAbsolute(uri) && report.plan.path !== '-') {
    return { path: report.plan.path, lines: { begin: 1 } };
  }
  return { path: uri, lines: { begin: Math.max(1, line) } };
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
