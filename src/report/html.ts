/**
 * The `html` format, drawn by multiple-cucumber-html-reporter: the report is converted to the
 * cucumber JSON that library reads (one feature per guardrail, or per workload for an
 * observation), written to a scratch directory, and rendered into the directory the writer
 * names. The library's templates print values unescaped, so every text from the report
 * (which comes from plans and feature files, untrusted) is HTML-escaped here first.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Finding, FindingsReport, GuardrailResult, ObservationReport, ObservedWorkload, Outcome, ScenarioResult, StepRecord } from './types.js';
import { guardrailInWorkload, ownersOf } from './matrix.js';
import { onlyObserved } from './verdict.js';
import { findingLine, findingLineIn, guardrailReason, indeterminateFails, planName, openFindings, outcomeLabel, outcomeOrder, plural, reportWarnings, waivedFindings, waivedLine } from './text.js';

/** The subset of multiple-cucumber-html-reporter's options this module sets. */
interface ReporterOptions {
  jsonDir: string;
  reportPath: string;
  customMetadata: boolean;
  customData: { title: string; data: Array<{ label: string; value: string }> };
  pageTitle: string;
  reportName: string;
  pageFooter: string;
  displayDuration: boolean;
  displayReportTime: boolean;
  disableLog: boolean;
  openReportInBrowser: boolean;
  staticFilePath: boolean;
  useCDN: boolean;
  saveCollectedJSON: boolean;
  customStyle: string;
  overrideStyle: string;
}

const require = createRequire(import.meta.url);

type CucumberStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'undefined' | 'ambiguous';

interface CucumberStep {
  keyword: string;
  name: string;
  line?: number;
  result: { status: CucumberStatus; error_message?: string };
}

interface CucumberScenario {
  id: string;
  keyword: 'Scenario';
  type: 'scenario';
  name: string;
  line: number;
  description: string;
  tags: Array<{ name: string }>;
  steps: CucumberStep[];
}

interface CucumberFeature {
  id: string;
  uri: string;
  keyword: 'Feature';
  name: string;
  line: 1;
  description: string;
  tags: Array<{ name: string }>;
  elements: CucumberScenario[];
  metadata: Array<{ name: string; value: string }>;
}

/** Long finding messages wrap inside their boxes instead of running off the page. */
const extraStyle = [
  'pre.info { white-space: pre-wrap; overflow-wrap: anywhere; }',
  '.quick-list .meta-data-data, .quick-list .meta-data-title { white-space: normal; overflow-wrap: anywhere; }',
  '',
].join('\n');

/** How long a feature description's finding list gets before it says how many more there are. */
const findingsInDescription = 15;

/** Escapes text for the reporter's unescaping templates. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Converts a findings report to the cucumber JSON features the HTML reporter reads. */
export function checkToCucumber(report: FindingsReport): CucumberFeature[] {
  return report.guardrails.map((guardrail, index) => ({
    id: `${index + 1}-${guardrail.id}`,
    uri: escapeHtml(guardrail.uri),
    keyword: 'Feature',
    name: escapeHtml(`${guardrail.id}: ${guardrail.title}`),
    line: 1,
    description: escapeHtml(guardrailDescription(guardrail)),
    tags: [{ name: escapeHtml(`@${guardrail.id}`) }, { name: `@${guardrail.enforcement}` }],
    elements: guardrail.scenarios.map((scenario) =>
      cucumberScenario(scenario, scenario.name, [], indeterminateFails(report, scenario.enforcement) ? 'failed' : 'pending'),
    ),
    metadata: [
      { name: 'Outcome', value: escapeHtml(guardrailOutcomeText(guardrail)) },
      { name: 'Enforcement', value: guardrail.enforcement },
      { name: 'Findings', value: String(openFindings(guardrail.findings).length) },
      { name: 'Feature file', value: escapeHtml(guardrail.uri) },
    ],
  }));
}

function guardrailOutcomeText(guardrail: GuardrailResult): string {
  const observed = guardrail.status === 'failed' && onlyObserved(guardrail) ? ' (observed: would fail)' : '';
  return `${outcomeLabel(guardrail.status)}${observed}`;
}

/** The feature page's description: what the guardrail is for, its outcome, and the resources it found at fault. */
function guardrailDescription(guardrail: GuardrailResult): string {
  const lines = [guardrail.description.trim(), '', `Outcome: ${guardrailOutcomeText(guardrail)}`];
  if (guardrail.status === 'not-applicable' || (guardrail.status === 'indeterminate' && openFindings(guardrail.findings).length === 0)) {
    lines.push(`Reason: ${guardrailReason(guardrail, 'no reason given')}`);
  }
  lines.push(...findingList(openFindings(guardrail.findings).map((finding) => findingLineIn(finding, guardrail.status))));
  const waived = waivedFindings(guardrail.findings);
  if (waived.length > 0) {
    lines.push('Waived:', ...waived.map((finding) => `• ${waivedLine(finding)}`));
  }
  return lines.join('\n').trim();
}

function findingList(lines: readonly string[]): string[] {
  if (lines.length === 0) {
    return [];
  }
  const shown = lines.slice(0, findingsInDescription).map((line) => `• ${line}`);
  const more = lines.length > shown.length ? [`… and ${plural(lines.length - shown.length, 'more finding')} (open the scenarios below)`] : [];
  return [`${plural(lines.length, 'finding')}:`, ...shown, ...more];
}

/**
 * One scenario element. Steps come from the run's StepRecords; each finding is attached to the
 * step that produced it, and a step stating the outcome is added when no recorded step shows it,
 * so the library's pass/fail colouring always agrees with the report's tri-state outcome.
 */
function cucumberScenario(scenario: ScenarioResult, name: string, extraTags: Array<{ name: string }>, indeterminateStatus: CucumberStatus): CucumberScenario {
  const outcomeStatus = cucumberStatus(scenario.status, indeterminateStatus);
  const open = openFindings(scenario.findings);
  const attached = new Set<Finding>();
  const steps: CucumberStep[] = scenario.steps.map((record) => {
    const mine = scenario.status === 'passed' ? [] : open.filter((finding) => !attached.has(finding) && producedBy(finding, record));
    mine.forEach((finding) => attached.add(finding));
    const status = mine.length > 0 && record.status === 'passed' ? outcomeStatus : record.status;
    const errors = [...(record.error === undefined ? [] : [record.error]), ...mine.map(findingDetail)];
    return cucumberStep(record.keyword, record.text, status, errors);
  });
  const unattached = open.filter((finding) => !attached.has(finding));
  steps.push(...unattached.map((finding) => cucumberStep('Then ', `${finding.address} ${finding.path}`.trim(), outcomeStatus, [findingDetail(finding)])));
  if (!steps.some((step) => step.result.status === outcomeStatus)) {
    const detail = scenario.status === 'passed' ? 'every check passed' : `${outcomeLabel(scenario.status)}: ${scenario.reason ?? 'no reason given'}`;
    steps.push(cucumberStep('Then ', detail, outcomeStatus, []));
  }
  const description = [
    scenario.reason === undefined ? '' : `${outcomeLabel(scenario.status)}: ${scenario.reason}`,
    ...waivedFindings(scenario.findings).map((finding) => `Waived: ${waivedLine(finding)}`),
  ].filter((line) => line !== '');
  return {
    id: escapeHtml(name),
    keyword: 'Scenario',
    type: 'scenario',
    name: escapeHtml(name),
    line: scenario.line,
    description: escapeHtml(description.join('\n')),
    tags: [...extraTags, { name: `@${scenario.enforcement}` }],
    steps,
  };
}

function producedBy(finding: Finding, record: StepRecord): boolean {
  if (finding.step === undefined) {
    return false;
  }
  const written = finding.step.trim();
  return written === record.text.trim() || written === `${record.keyword.trim()} ${record.text.trim()}`;
}

function cucumberStatus(outcome: Outcome, indeterminateStatus: CucumberStatus): CucumberStatus {
  switch (outcome) {
    case 'passed':
      return 'passed';
    case 'failed':
      return 'failed';
    case 'indeterminate':
      return indeterminateStatus;
    case 'not-applicable':
      return 'skipped';
  }
}

function cucumberStep(keyword: string, name: string, status: StepRecord['status'], errors: readonly string[]): CucumberStep {
  const step: CucumberStep = { keyword: escapeHtml(keyword.endsWith(' ') ? keyword : `${keyword} `), name: escapeHtml(name), result: { status } };
  if (errors.length > 0) {
    step.result.error_message = escapeHtml(errors.join('\n'));
  }
  return step;
}

/** A finding spelled out for an error box: the address-first message, then expected and actual when known. */
function findingDetail(finding: Finding): string {
  const lines = [`${finding.status}: ${findingLine(finding)}`];
  if (finding.expected !== undefined) {
    lines.push(`  expected: ${finding.expected}`);
  }
  if (finding.actual !== undefined) {
    lines.push(`  actual:   ${finding.actual}`);
  }
  return lines.join('\n');
}

/** Converts an observation report to cucumber JSON: one feature per workload, one scenario per guardrail scenario. */
export function observationToCucumber(report: ObservationReport): CucumberFeature[] {
  return report.workloads.map((workload, index) => ({
    id: `${index + 1}-${workload.name}`,
    uri: escapeHtml(workload.metadata.plan ?? workload.metadata.project ?? workload.name),
    keyword: 'Feature',
    name: escapeHtml(workload.name),
    line: 1,
    description: escapeHtml(workloadDescription(report, workload)),
    tags: [{ name: `@${workload.origin}` }],
    elements: workloadScenarios(report, workload),
    metadata: [
      { name: 'Origin', value: workload.origin },
      { name: 'Evaluation', value: workload.status },
      { name: 'Would fail', value: escapeHtml(blockingIn(report, workload).join(', ') || 'none') },
      { name: 'Owners', value: escapeHtml((workload.owners ?? []).join(', ') || 'not named') },
      { name: 'Details', value: escapeHtml(Object.entries(workload.metadata).map(([key, value]) => `${key}: ${value}`).join('; ')) },
    ],
  }));
}

function blockingIn(report: ObservationReport, workload: ObservedWorkload): string[] {
  return report.promotion.blocking.filter((block) => block.workload === workload.name).map((block) => `${block.guardrail} (${outcomeLabel(block.status)})`);
}

function workloadDescription(report: ObservationReport, workload: ObservedWorkload): string {
  const lines = Object.entries(workload.metadata).map(([key, value]) => `${key}: ${value}`);
  if (workload.owners?.length) lines.push(`owners: ${workload.owners.join(', ')}`);
  if (workload.status === 'error') {
    lines.push('', `Could not be evaluated: ${workload.error ?? 'no reason given'}`);
    return lines.join('\n');
  }
  const blocking = blockingIn(report, workload);
  lines.push('', blocking.length === 0 ? 'Blocks no candidate guardrail.' : `Blocks promotion of: ${blocking.join(', ')}`);
  for (const candidate of report.guardrails) {
    const guardrail = guardrailInWorkload(workload, candidate.id);
    if (guardrail !== undefined && (guardrail.status === 'failed' || guardrail.status === 'indeterminate')) {
      lines.push('', `${guardrail.id}: ${outcomeLabel(guardrail.status)}`, ...findingList(openFindings(guardrail.findings).map((finding) => findingLineIn(finding, guardrail.status))));
    }
  }
  return lines.join('\n');
}

function workloadScenarios(report: ObservationReport, workload: ObservedWorkload): CucumberScenario[] {
  if (workload.status === 'error' || workload.report === undefined) {
    const reason = workload.error ?? 'the workload could not be evaluated';
    return [
      {
        id: 'workload-error',
        keyword: 'Scenario',
        type: 'scenario',
        name: 'the workload could not be evaluated',
        line: 1,
        description: '',
        tags: [],
        steps: [cucumberStep('Given ', 'the plan of this workload', 'failed', [reason])],
      },
    ];
  }
  return report.guardrails.flatMap((candidate) => {
    const guardrail = guardrailInWorkload(workload, candidate.id);
    const tags = [{ name: escapeHtml(`@${candidate.id}`) }];
    if (guardrail === undefined) {
      const missing: ScenarioResult = { name: candidate.id, line: 1, enforcement: 'observe', status: 'not-applicable', reason: 'not evaluated in this workload', findings: [], steps: [] };
      return [cucumberScenario(missing, `${candidate.id}: ${candidate.title}`, tags, 'failed')];
    }
    // An indeterminate guardrail blocks promotion, so it is drawn as a failure here.
    return guardrail.scenarios.map((scenario) => cucumberScenario(scenario, `${guardrail.id}: ${scenario.name}`, tags, 'failed'));
  });
}

/** Writes the HTML report of a findings report into `dir` (which must be empty or absent). */
export async function writeCheckHtml(report: FindingsReport, dir: string): Promise<void> {
  const terraform = report.plan.terraformVersion ?? 'unknown';
  const counts = outcomeOrder.map((outcome) => `${report.summary[outcome]} ${outcomeLabel(outcome)}`).join(', ');
  await generateInto(dir, checkToCucumber(report), {
    title: `Guardrails: ${report.verdict}`,
    data: [
      { label: 'Verdict', value: report.verdict.toUpperCase() },
      { label: 'Guardrails', value: counts },
      { label: 'Indeterminate', value: report.onIndeterminate === 'fail' ? 'fails the gate' : 'warns only' },
      { label: 'Plan', value: planName(report.plan.path) },
      { label: 'Plan format', value: report.plan.formatVersion },
      { label: 'Terraform version', value: terraform },
      ...(report.workload === undefined ? [] : [{ label: 'Workload', value: report.workload }]),
      ...reportWarnings(report).map((warning) => ({ label: 'Warning', value: warning })),
      ...(report.unusedWaivers ?? []).map((unused) => ({ label: 'Unused waiver', value: `${unused.guardrail} (${unused.addresses.join(', ')}): ${unused.reason}` })),
    ],
  }, report.tool);
}

/** Writes the HTML report of an observation into `dir` (which must be empty or absent). */
export async function writeObservationHtml(report: ObservationReport, dir: string): Promise<void> {
  const promotable = report.guardrails.filter((guardrail) => guardrail.promotable).length;
  await generateInto(dir, observationToCucumber(report), {
    title: `Promotion ${report.promotion.promotable ? 'possible' : 'blocked'}`,
    data: [
      { label: 'Promotable', value: `${promotable} of ${plural(report.guardrails.length, 'candidate guardrail')}` },
      ...(report.shard ? [{ label: 'Shard', value: `${report.shard.index + 1} of ${report.shard.count} (partial result)` }] : []),
      ...report.guardrails.map((guardrail) => ({
        label: guardrail.id,
        value: guardrail.promotable
          ? 'promotable'
          : `blocked by ${report.promotion.blocking.filter((block) => block.guardrail === guardrail.id).map((block) => `${block.workload} (${outcomeLabel(block.status)}${ownersLabel(report, block.workload)})`).join(', ')}`,
      })),
    ],
  }, report.tool);
}

function ownersLabel(report: ObservationReport, workloadName: string): string {
  const owners = ownersOf(report, workloadName);
  return owners.length === 0 ? '' : `; owners ${owners.join(', ')}`;
}

async function generateInto(dir: string, features: CucumberFeature[], customData: ReporterOptions['customData'], tool: { name: string; version: string }): Promise<void> {
  const jsonDir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-cucumber-json-'));
  try {
    await writeFile(path.join(jsonDir, 'report.json'), JSON.stringify(features));
    const customStyle = path.join(jsonDir, 'guardrails.css');
    await writeFile(customStyle, extraStyle);
    const reporter = require('multiple-cucumber-html-reporter') as { generate(options: ReporterOptions): void };
    // generate() renders synchronously; it never opens a browser nor logs with these options,
    // and with useCDN false it copies its scripts and styles beside the pages, so the report works offline.
    reporter.generate({
      jsonDir,
      reportPath: path.resolve(dir),
      customMetadata: true,
      customData: { title: escapeHtml(customData.title), data: customData.data.map((row) => ({ label: escapeHtml(row.label), value: escapeHtml(row.value) })) },
      pageTitle: escapeHtml(customData.title),
      reportName: escapeHtml(`${tool.name} ${tool.version}`),
      pageFooter: `<div class="created-by"><p>${escapeHtml(`${tool.name} ${tool.version}`)}</p></div>`,
      displayDuration: false,
      displayReportTime: false,
      disableLog: true,
      openReportInBrowser: false,
      staticFilePath: true,
      useCDN: false,
      saveCollectedJSON: false,
      customStyle,
      // The library looks for its template files relative to the working directory first; naming
      // its stylesheet by absolute path keeps a stray style.css in the user's directory out of the report.
      overrideStyle: require.resolve('multiple-cucumber-html-reporter/templates/style.css'),
    });
  } finally {
    await rm(jsonDir, { recursive: true, force: true });
  }
}
