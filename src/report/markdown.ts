/**
 * The `markdown` format: a short summary to post as a merge-request comment. It stays
 * within about sixty lines and says how much it left out; the full story is in the other formats.
 */
import type { FindingsReport, GuardrailResult, ObservationReport } from './types.js';
import { onlyObserved } from './verdict.js';
import { guardrailInWorkload, matrixCell, ownerMentions, ownersOf, promotionLine, type MatrixCell } from './matrix.js';
import { markdownText } from './escape.js';
import { findingLineIn, planName, guardrailReason, openFindings, outcomeLabel, plural, reportWarnings } from './text.js';

/** Longest comment this renders, in lines, before it starts omitting findings. */
const maxLines = 60;
const findingsPerGuardrail = 5;

const icon: Record<MatrixCell, string> = {
  passed: '✅',
  failed: '❌',
  indeterminate: '❔',
  'not-applicable': '➖',
  error: '⚠',
  missing: '—',
};

/** Renders a findings report as a merge-request comment: verdict, table of non-passing guardrails, first findings, counts. */
export function renderCheckMarkdown(report: FindingsReport): string {
  const notPassing = report.guardrails.filter((guardrail) => guardrail.status === 'failed' || guardrail.status === 'indeterminate');
  const head = [
    `### ${report.verdict === 'passed' ? '✅' : '❌'} Guardrails ${report.verdict}`,
    '',
    planLine(report),
    '',
  ];
  const table = notPassing.length === 0 ? [] : [
    '| Status | Guardrail | Enforcement | Findings |',
    '| --- | --- | --- | ---: |',
    ...notPassing.map((guardrail) => `| ${statusCell(guardrail)} | ${markdownText(`${guardrail.id}: ${guardrail.title}`)} | ${guardrail.enforcement} | ${openFindings(guardrail.findings).length} |`),
    '',
  ];
  const notApplicable = report.guardrails.filter((guardrail) => guardrail.status === 'not-applicable');
  const warnings = reportWarnings(report);
  const tail = [
    ...(warnings.length === 0 ? [] : ['**Warnings:**', ...warnings.map((warning) => `- ⚠️ ${markdownText(warning)}`), '']),
    ...ignoredWaiverLines(report),
    `**Passed:** ${report.summary.passed} · **Not applicable:** ${report.summary['not-applicable']}${notApplicable.length > 0 ? ` (${notApplicable.map((guardrail) => markdownText(guardrail.id)).join(', ')})` : ''} · **Failed:** ${report.summary.failed} · **Indeterminate:** ${report.summary.indeterminate} (${report.onIndeterminate === 'fail' ? 'fails the gate' : 'warns only'})`,
  ];
  const budget = maxLines - head.length - table.length - tail.length - 2;
  return `${[...head, ...table, ...findingSections(notPassing, budget), ...tail].join('\n')}\n`;
}

/** Local waivers the central file does not allow: said in the note, so nobody thinks they applied. */
function ignoredWaiverLines(report: FindingsReport): string[] {
  const ignored = report.ignoredWaivers ?? [];
  if (ignored.length === 0) return [];
  return [
    '**Ignored waivers** (the central waivers file does not allow this workload to waive these guardrails):',
    ...cappedList(ignored.map((waiver) => `${markdownText(waiver.guardrail)} in ${markdownText(waiver.file)}`), 5),
    '',
  ];
}

function planLine(report: FindingsReport): string {
  const parts = [`Plan ${markdownText(planName(report.plan.path))} (format ${markdownText(report.plan.formatVersion)}${report.plan.terraformVersion === null ? '' : `, terraform ${markdownText(report.plan.terraformVersion)}`})`];
  if (report.workload !== undefined) {
    parts.push(`workload ${markdownText(report.workload)}`);
  }
  parts.push(`${markdownText(report.tool.name)} ${markdownText(report.tool.version)}`);
  return parts.join(' · ');
}

function statusCell(guardrail: GuardrailResult): string {
  const observed = onlyObserved(guardrail) ? ' (observed)' : '';
  return `${icon[guardrail.status]} ${outcomeLabel(guardrail.status)}${observed}`;
}

/** The first findings of each non-passing guardrail, within the line budget, then how many were left out. */
function findingSections(guardrails: readonly GuardrailResult[], budget: number): string[] {
  const lines: string[] = [];
  let omitted = 0;
  for (const guardrail of guardrails) {
    const findings = openFindings(guardrail.findings);
    const items = findings.length > 0 ? findings.map((finding) => findingLineIn(finding, guardrail.status)) : [guardrailReason(guardrail, 'no reason given')];
    // A section needs its heading, at least one item and a blank line.
    if (lines.length + 3 > budget) {
      omitted += findings.length;
      continue;
    }
    const room = Math.min(findingsPerGuardrail, budget - lines.length - 2);
    const shown = items.slice(0, room);
    omitted += items.length - shown.length;
    lines.push(`**${markdownText(guardrail.id)}**`, ...shown.map((item) => `- ${markdownText(item)}`));
    if (items.length > shown.length) {
      lines.push(`- … and ${plural(items.length - shown.length, 'more finding')}`);
    }
    lines.push('');
  }
  if (omitted > 0) {
    lines.push(`_${plural(omitted, 'finding')} not shown here; see the full report._`, '');
  }
  return lines;
}

/** Renders an observation report as a Markdown matrix (rows: guardrails, columns: workloads) with the promotion verdict. */
export function renderObservationMarkdown(report: ObservationReport): string {
  const lines = [`### ${report.promotion.promotable || report.nothingToObserve !== undefined ? '✅' : '⛔'} ${promotionLine(report, markdownText)}`, ''];
  if (report.guardrails.length > 0 && report.workloads.length > 0) {
    lines.push(
      `| Guardrail | ${report.workloads.map((workload) => markdownText(workload.name)).join(' | ')} | Promotable |`,
      `| --- | ${report.workloads.map(() => ':-:').join(' | ')} | :-: |`,
      ...report.guardrails.map(
        (guardrail) =>
          `| ${markdownText(guardrail.id)} | ${report.workloads.map((workload) => icon[matrixCell(workload, guardrail.id)]).join(' | ')} | ${guardrail.promotable ? 'yes' : 'no'} |`,
      ),
      '',
      '✅ passed · ❌ failed · ❔ indeterminate · ➖ not applicable · ⚠ error · — not evaluated',
      '',
    );
  }
  const unevaluated = report.workloads.filter((workload) => workload.status === 'error');
  const errorLines = unevaluated.length === 0 ? [] : ['', '**Workloads not evaluated:**', ...cappedList(unevaluated.map((workload) => `${markdownText(workload.name)}${ownersNote(workload.owners ?? [])}: ${markdownText(workload.error ?? 'no reason given')}`), 10)];
  const blocking = report.promotion.blocking;
  if (blocking.length > 0) {
    const room = Math.max(1, maxLines - lines.length - errorLines.length - 2);
    lines.push('**Blocking promotion:**', ...cappedList(blocking.map((block) => `${markdownText(block.guardrail)} in ${markdownText(block.workload)}${ownersNote(ownersOf(report, block.workload))}: ${outcomeLabel(block.status)}${blockDetail(report, block.workload, block.guardrail)}`), room));
  }
  lines.push(...errorLines);
  return `${lines.join('\n')}\n`;
}

/** ` (owners: @alice, @team/sub)`: real mentions, so the note notifies the owners of a failing workload. */
function ownersNote(owners: readonly string[]): string {
  const mentions = ownerMentions(owners);
  return mentions === '' ? '' : ` (owners: ${mentions})`;
}

/** List items, at most `room` of them, the last saying how many were left out. */
function cappedList(items: readonly string[], room: number): string[] {
  if (items.length <= room) {
    return items.map((item) => `- ${item}`);
  }
  return [...items.slice(0, room - 1).map((item) => `- ${item}`), `- … and ${items.length - room + 1} more`];
}

function blockDetail(report: ObservationReport, workloadName: string, guardrailId: string): string {
  const workload = report.workloads.find((candidate) => candidate.name === workloadName);
  const guardrail = workload === undefined ? undefined : guardrailInWorkload(workload, guardrailId);
  const findings = guardrail === undefined ? 0 : openFindings(guardrail.findings).length;
  return findings > 0 ? ` (${plural(findings, 'finding')})` : '';
}
