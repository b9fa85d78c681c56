/**
 * The `junit` format, read by GitLab's `artifacts:reports:junit`. GitLab matches test cases
 * between the merge request and its target branch by `classname` and `name`, so both are
 * built from ids and scenario names only, never from counts or messages. A test case's `file` is
 * the `.tf` file declaring its first placed finding, else the feature; a skipped case carries its
 * findings (or its reason) as the element text, which GitLab shows.
 */
import path from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import type { Finding, FindingsReport, GuardrailResult, ObservationReport, ObservedWorkload, ScenarioResult } from './types.js';
import { guardrailInWorkload, matrixCell } from './matrix.js';
import { scenarioBlocks } from './verdict.js';
import { findingLine, findingLineIn, guardrailReason, oneLine, openFindings, plural, waivedFindings, waivedLine } from './text.js';

type XmlNode = Record<string, unknown>;

/** What a test case reports besides its names. */
interface CaseOutcome {
  failure?: { message: string; body: string };
  error?: { message: string; body: string };
  skipped?: { message: string; body?: string };
  out: string[];
  /** The `.tf` file, else the feature file, the case is about. */
  file?: string;
}

/** Renders a findings report as JUnit XML: a test suite per guardrail, a test case per scenario. */
export function renderCheckJunit(report: FindingsReport): string {
  const suites = report.guardrails.map((guardrail) =>
    suite(
      guardrail.id,
      // An absolute uri (a catalogue outside the checkout) would only leak the runner's layout.
      path.isAbsolute(guardrail.uri) ? undefined : guardrail.uri,
      guardrail.scenarios.map((scenario) => testCase(guardrail.id, scenario.name, { ...withWarnings(checkOutcome(report, scenario), guardrail), ...caseFile(guardrail, scenario) })),
    ),
  );
  return document(report.tool.name, suites);
}

/** The `.tf` file of the scenario's first placed finding, else the feature inside the checkout, else none. */
function caseFile(guardrail: GuardrailResult, scenario: ScenarioResult): { file?: string } {
  const placed = scenario.findings.find((finding) => finding.location !== undefined)?.location?.path;
  if (placed !== undefined) return { file: placed };
  return path.isAbsolute(guardrail.uri) ? {} : { file: guardrail.uri };
}

function checkOutcome(report: FindingsReport, scenario: ScenarioResult): CaseOutcome {
  const open = openFindings(scenario.findings);
  const out = waivedFindings(scenario.findings).map((finding) => `waived: ${waivedLine(finding)}`);
  const lines = open.map((finding) => findingLineIn(finding, scenario.status)).join('\n');
  const reason = oneLine(scenario.reason ?? 'no reason given');
  switch (scenario.status) {
    case 'passed':
      return { out };
    case 'not-applicable':
      return { skipped: { message: `not applicable: ${reason}`, body: reason }, out };
    case 'failed':
      if (!scenarioBlocks(scenario, report.onIndeterminate)) {
        return { skipped: { message: `observed: would fail with ${plural(open.length, 'finding')}`, body: open.map((f) => `would fail: ${findingLine(f)}`).join('\n') }, out };
      }
      return { failure: { message: `${plural(open.length, 'finding')} on ${addressList(open)}`, body: lines }, out };
    case 'indeterminate':
      if (scenarioBlocks(scenario, report.onIndeterminate)) {
        return { failure: { message: `indeterminate: ${reason}`, body: lines || reason }, out };
      }
      return { skipped: { message: `indeterminate: ${reason}`, body: open.map((f) => `indeterminate: ${findingLine(f)}`).join('\n') || reason }, out };
  }
}

// GitLab shows a test case's system-out beside it: a warning about its guardrail belongs there.
function withWarnings(outcome: CaseOutcome, guardrail: GuardrailResult): CaseOutcome {
  const warnings = (guardrail.warnings ?? []).map((warning) => `warning: ${warning}`);
  return warnings.length === 0 ? outcome : { ...outcome, out: [...warnings, ...outcome.out] };
}

/** Renders an observation report as JUnit XML: a test suite per workload, a test case per candidate guardrail. */
export function renderObservationJunit(report: ObservationReport): string {
  const suites = report.workloads.map((workload) =>
    suite(
      workload.name,
      undefined,
      report.guardrails.map((guardrail) => testCase(workload.name, guardrail.id, observedOutcome(workload, guardrail.id))),
    ),
  );
  return document(`${report.tool.name} observation`, suites);
}

function observedOutcome(workload: ObservedWorkload, guardrailId: string): CaseOutcome {
  const cell = matrixCell(workload, guardrailId);
  const details = Object.entries(workload.metadata).map(([key, value]) => `${key}: ${value}`);
  if (cell === 'error') {
    const message = oneLine(workload.error ?? 'the workload could not be evaluated');
    return { error: { message, body: message }, out: details };
  }
  if (cell === 'missing') {
    return { skipped: { message: 'not evaluated in this workload' }, out: details };
  }
  const guardrail = guardrailInWorkload(workload, guardrailId) as GuardrailResult;
  const open = openFindings(guardrail.findings);
  const out = [...waivedFindings(guardrail.findings).map((finding) => `waived: ${waivedLine(finding)}`), ...details];
  const reason = guardrailReason(guardrail, 'no reason given');
  switch (cell) {
    case 'passed':
      return { out };
    case 'not-applicable':
      return { skipped: { message: `not applicable: ${reason}`, body: reason }, out };
    case 'failed':
      return { failure: { message: `would fail: ${plural(open.length, 'finding')}`, body: open.map((finding) => findingLineIn(finding, cell)).join('\n') }, out };
    case 'indeterminate':
      return { failure: { message: `indeterminate: ${reason}`, body: open.map(findingLine).join('\n') || reason }, out };
  }
}

/** Up to three distinct addresses, then how many more: keeps the failure message short. */
function addressList(findings: readonly Finding[]): string {
  const addresses = [...new Set(findings.map((finding) => finding.address))];
  const more = addresses.length > 3 ? ` and ${addresses.length - 3} more` : '';
  return `${addresses.slice(0, 3).join(', ')}${more}`;
}

function testCase(classname: string, name: string, outcome: CaseOutcome): { node: XmlNode; outcome: CaseOutcome } {
  const node: XmlNode = {
    '@_classname': xmlText(classname),
    '@_name': xmlText(name),
    ...(outcome.file === undefined ? {} : { '@_file': xmlText(outcome.file) }),
  };
  if (outcome.failure) {
    node.failure = { '@_message': xmlText(outcome.failure.message), '@_type': 'guardrail', '#text': xmlText(outcome.failure.body) };
  }
  if (outcome.error) {
    node.error = { '@_message': xmlText(outcome.error.message), '@_type': 'workload', '#text': xmlText(outcome.error.body) };
  }
  if (outcome.skipped !== undefined) {
    node.skipped = {
      '@_message': xmlText(outcome.skipped.message),
      ...(outcome.skipped.body ? { '#text': xmlText(outcome.skipped.body) } : {}),
    };
  }
  if (outcome.out.length > 0) {
    node['system-out'] = xmlText(outcome.out.join('\n'));
  }
  return { node, outcome };
}

function suite(name: string, file: string | undefined, cases: Array<{ node: XmlNode; outcome: CaseOutcome }>): XmlNode {
  return {
    '@_name': xmlText(name),
    ...(file === undefined ? {} : { '@_file': xmlText(file) }),
    ...counts(cases.map((testcase) => testcase.outcome)),
    testcase: cases.map((testcase) => testcase.node),
  };
}

function counts(outcomes: readonly CaseOutcome[]): XmlNode {
  return {
    '@_tests': outcomes.length,
    '@_failures': outcomes.filter((outcome) => outcome.failure).length,
    '@_errors': outcomes.filter((outcome) => outcome.error).length,
    '@_skipped': outcomes.filter((outcome) => outcome.skipped !== undefined).length,
  };
}

function document(name: string, suites: XmlNode[]): string {
  const total = (attribute: string): number => suites.reduce((sum, node) => sum + (node[attribute] as number), 0);
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': xmlText(name),
      '@_tests': total('@_tests'),
      '@_failures': total('@_failures'),
      '@_errors': total('@_errors'),
      '@_skipped': total('@_skipped'),
      testsuite: suites,
    },
  }) as string;
  return xml.endsWith('\n') ? xml : `${xml}\n`;
}

/** Drops characters XML 1.0 cannot carry at all (escaping is the builder's job). */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}
