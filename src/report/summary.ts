/**
 * The `summary` format: plain, stable text for a terminal or a CI log. No colours, so the
 * output reads the same in a pipe, a log file and a golden test.
 */
import { terminalText } from './escape.js';
import type { FindingsReport, GuardrailResult, ObservationReport, Outcome } from './types.js';
import { onlyObserved } from './verdict.js';
import { matrixCell, guardrailInWorkload, ownersOf, promotionLine, type MatrixCell } from './matrix.js';
import { findingLineIn, oneLine, reportWarnings, planName, guardrailReason, openFindings, outcomeLabel, outcomeOrder, plural, waivedFindings, waivedLine } from './text.js';

const marker: Record<Outcome, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  indeterminate: 'INDET',
  'not-applicable': 'N/A',
};

/** Renders a findings report as text: one line per guardrail, findings indented under it, a closing verdict line. */
export function renderCheckSummary(report: FindingsReport): string {
  const lines = [checkHeading(report), ''];
  const idWidth = Math.max(0, ...report.guardrails.map((guardrail) => guardrail.id.length));
  const titleWidth = Math.max(0, ...report.guardrails.map((guardrail) => guardrail.title.length));
  for (const guardrail of report.guardrails) {
    const head = `${marker[guardrail.status].padEnd(6)}${guardrail.id.padEnd(idWidth)}  ${guardrail.title.padEnd(titleWidth)}  [${guardrail.enforcement}]`;
    lines.push(`${head}${statusNote(guardrail)}`);
    lines.push(...findingLines(guardrail).map((line) => `      ${line}`));
  }
  if (report.guardrails.length === 0) {
    lines.push('No guardrails were selected.');
  }
  for (const warning of reportWarnings(report)) lines.push(`Warning: ${oneLine(warning)}`);
  if (report.changedOnly !== undefined) lines.push(changedOnlyLine(report.changedOnly));
  for (const unused of report.unusedWaivers ?? []) {
    lines.push(`Unused waiver: ${unused.guardrail} for ${unused.workload} (${unused.addresses.join(', ')}): ${unused.reason}`);
  }
  for (const ignored of report.ignoredWaivers ?? []) {
    lines.push(`Ignored waiver: ${ignored.guardrail} for ${ignored.workload} in ${ignored.file}: the central waivers file does not allow this workload to waive it`);
  }
  lines.push('', closingLine(report));
  return terminalLines(lines);
}

/** Joins the lines, each shown through terminalText: nothing from a plan, feature or registry can start a line or move the cursor. */
function terminalLines(lines: readonly string[]): string {
  return `${lines.map(terminalText).join('\n')}\n`;
}

/** How much a changed-only run left out, naming the first untouched resources. */
function changedOnlyLine(scope: { judged: number; untouched: readonly string[] }): string {
  const shown = scope.untouched.slice(0, 10).join(', ');
  const more = scope.untouched.length > 10 ? `, and ${scope.untouched.length - 10} more` : '';
  const untouched = scope.untouched.length === 0 ? 'none left out' : `${scope.untouched.length} untouched, not judged: ${shown}${more}`;
  return `Changed only: ${plural(scope.judged, 'resource instance')} judged; ${untouched}`;
}

function checkHeading(report: FindingsReport): string {
  const terraform = report.plan.terraformVersion === null ? '' : `, terraform ${report.plan.terraformVersion}`;
  const workload = report.workload === undefined ? '' : `, workload ${report.workload}`;
  return `${report.tool.name} ${report.tool.version}: plan ${planName(report.plan.path)} (format ${report.plan.formatVersion}${terraform})${workload}`;
}

function statusNote(guardrail: GuardrailResult): string {
  if (guardrail.status === 'not-applicable') {
    return `  not applicable: ${guardrailReason(guardrail, 'no resource matched')}`;
  }
  if (guardrail.status === 'failed' && onlyObserved(guardrail)) {
    return '  observed: would fail';
  }
  if (guardrail.status === 'indeterminate' && openFindings(guardrail.findings).length === 0) {
    return `  indeterminate: ${guardrailReason(guardrail, 'no reason given')}`;
  }
  return '';
}

function findingLines(guardrail: GuardrailResult): string[] {
  const open = guardrail.status === 'failed' || guardrail.status === 'indeterminate' ? openFindings(guardrail.findings) : [];
  return [
    ...open.map((finding) => findingLineIn(finding, guardrail.status)),
    ...waivedFindings(guardrail.findings).map(waivedLine),
  ];
}

function closingLine(report: FindingsReport): string {
  const counts = outcomeOrder.map((outcome) => `${report.summary[outcome]} ${outcomeLabel(outcome)}`).join(', ');
  return `${plural(report.guardrails.length, 'guardrail')}: ${counts}. Verdict: ${report.verdict.toUpperCase()} (on indeterminate: ${report.onIndeterminate})`;
}

const cellText: Record<MatrixCell, string> = {
  passed: 'passed',
  failed: 'FAILED',
  indeterminate: 'indeterminate',
  'not-applicable': 'n/a',
  error: 'ERROR',
  missing: '-',
};

/** Renders an observation report: the guardrail × workload matrix, what blocks promotion and why, and the promotion verdict. */
export function renderObservationSummary(report: ObservationReport): string {
  const lines = [
    `${report.tool.name} ${report.tool.version}: observation of ${plural(report.guardrails.length, 'candidate guardrail')} across ${plural(report.workloads.length, 'workload')}`,
    '',
    ...matrixTable(report),
  ];
  if (report.promotion.blocking.length > 0) {
    lines.push('', 'Blocking promotion:');
    for (const block of report.promotion.blocking) {
      const owners = ownersOf(report, block.workload);
      lines.push(`  ${block.guardrail} in ${block.workload}${owners.length === 0 ? '' : ` (owners: ${owners.join(', ')})`}: ${outcomeLabel(block.status)}`);
      const workload = report.workloads.find((candidate) => candidate.name === block.workload);
      const guardrail = workload === undefined ? undefined : guardrailInWorkload(workload, block.guardrail);
      if (guardrail !== undefined) {
        const findings = openFindings(guardrail.findings).map((finding) => findingLineIn(finding, guardrail.status));
        lines.push(...(findings.length > 0 ? findings : [guardrailReason(guardrail, 'no reason given')]).map((line) => `    ${line}`));
      }
    }
  }
  const errors = workloadErrors(report);
  if (errors.length > 0) lines.push('', ...errors);
  lines.push('', promotionLine(report));
  return terminalLines(lines);
}

/** Workloads that could not be evaluated, each once with its error. */
function workloadErrors(report: ObservationReport): string[] {
  const failed = report.workloads.filter((workload) => workload.status === 'error');
  if (failed.length === 0) {
    return [];
  }
  return ['Workloads not evaluated:', ...failed.map((workload) => `  ${workload.name}${workload.owners?.length ? ` (owners: ${workload.owners.join(', ')})` : ''}: ${oneLine(workload.error ?? 'no reason given')}`)];
}

function matrixTable(report: ObservationReport): string[] {
  if (report.guardrails.length === 0 || report.workloads.length === 0) {
    return ['Nothing to show: no candidate guardrails or no workloads.'];
  }
  const header = ['Guardrail', ...report.workloads.map((workload) => workload.name), 'Promotable'];
  const rows = report.guardrails.map((guardrail) => [
    guardrail.id,
    ...report.workloads.map((workload) => cellText[matrixCell(workload, guardrail.id)]),
    guardrail.promotable ? 'yes' : 'no',
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(header), ...rows.map(format)];
}
