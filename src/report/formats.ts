/**
 * The report formats, as one explicit list: each names what it is for, which reports it can
 * render (check, observation or both) and where it goes when `--format NAME` gives no path.
 */
import { GuardrailsError } from '../errors.js';
import type { FindingsReport, ObservationReport } from './types.js';
import { renderCheckSummary, renderObservationSummary } from './summary.js';
import { renderCheckJson, renderObservationJson } from './json.js';
import { renderCheckJunit, renderObservationJunit } from './junit.js';
import { renderCheckCodeQuality } from './codequality.js';
import { renderCheckSast } from './sast.js';
import { renderCheckMarkdown, renderObservationMarkdown } from './markdown.js';
import { writeCheckHtml, writeObservationHtml } from './html.js';

/** A rendered report: text for a file or stdout, or a directory of pages written on demand. */
export type RenderedReport =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'directory'; writeInto(dir: string): Promise<void> };

/** One output format: its name, what it is for, its default destination and its renderers. */
export interface ReportFormat<Name extends string = string> {
  readonly name: Name;
  readonly description: string;
  /** Where the output goes without `:PATH`: `-` is stdout, anything else is relative to the working directory. */
  readonly defaultDestination: string;
  /** A directory format can only be written to a directory, never to stdout. */
  readonly output: 'file' | 'directory';
  /** Present when the format renders findings reports (`guardrails check`). */
  readonly check?: (report: FindingsReport) => RenderedReport;
  /** Present when the format renders observation reports (`guardrails observe`). */
  readonly observation?: (report: ObservationReport) => RenderedReport;
}

const text =
  <R>(render: (report: R) => string) =>
  (report: R): RenderedReport => ({ kind: 'text', text: render(report) });

/** Every format, in the order `--help` lists them. */
export const reportFormats = [
  {
    name: 'summary',
    description: 'plain text for the terminal: a line per guardrail, findings beneath, the verdict',
    defaultDestination: '-',
    output: 'file',
    check: text(renderCheckSummary),
    observation: text(renderObservationSummary),
  },
  {
    name: 'json',
    description: 'the whole report as JSON (schema/findings-report.schema.json, schema/observation-report.schema.json)',
    defaultDestination: 'reports/guardrails.json',
    output: 'file',
    check: text(renderCheckJson),
    observation: text(renderObservationJson),
  },
  {
    name: 'junit',
    description: 'JUnit XML for GitLab artifacts:reports:junit',
    defaultDestination: 'reports/junit.xml',
    output: 'file',
    check: text(renderCheckJunit),
    observation: text(renderObservationJunit),
  },
  {
    name: 'html',
    description: 'a browsable HTML report (a directory; open index.html)',
    defaultDestination: 'reports/html',
    output: 'directory',
    check: (report: FindingsReport): RenderedReport => ({ kind: 'directory', writeInto: (dir) => writeCheckHtml(report, dir) }),
    observation: (report: ObservationReport): RenderedReport => ({ kind: 'directory', writeInto: (dir) => writeObservationHtml(report, dir) }),
  },
  {
    name: 'codequality',
    description: 'GitLab Code Quality JSON for artifacts:reports:codequality (check reports only)',
    defaultDestination: 'reports/codequality.json',
    output: 'file',
    check: text(renderCheckCodeQuality),
  },
  {
    name: 'markdown',
    description: 'a short Markdown summary to post as a merge-request comment',
    defaultDestination: 'reports/summary.md',
    output: 'file',
    check: text(renderCheckMarkdown),
    observation: text(renderObservationMarkdown),
  },
  {
    name: 'sast',
    description: 'GitLab SAST report (security report schema 15) for artifacts:reports:sast: enforced failures in the Security widget (check reports only)',
    defaultDestination: 'reports/gl-sast-report.json',
    output: 'file',
    check: text((report: FindingsReport) => renderCheckSast(report)),
  },
] as const satisfies readonly ReportFormat[];

/** The name of a registered format, as `--format` takes it. */
export type FormatName = (typeof reportFormats)[number]['name'];

/** A requested output: a format and where to write it (`-` for stdout, undefined for the format's default). */
export interface FormatRequest {
  name: FormatName;
  destination: string | undefined;
}

/** The format of that name, or undefined. */
export function findFormat(name: string): ReportFormat<FormatName> | undefined {
  return (reportFormats as readonly ReportFormat<FormatName>[]).find((format) => format.name === name);
}

/** Parses `--format NAME[:PATH]`, splitting on the first `:`. */
export function parseFormatSpec(spec: string): FormatRequest {
  const colon = spec.indexOf(':');
  const name = colon === -1 ? spec : spec.slice(0, colon);
  const destination = colon === -1 ? undefined : spec.slice(colon + 1);
  const format = findFormat(name);
  if (format === undefined) {
    throw new GuardrailsError('USAGE', `unknown report format "${name}" in --format ${spec}; expected one of: ${reportFormats.map((f) => f.name).join(', ')}.`, {
      hint: 'Write --format NAME or --format NAME:PATH, e.g. --format junit:reports/junit.xml.',
    });
  }
  if (destination === '') {
    throw new GuardrailsError('USAGE', `--format ${spec} names no path after the colon.`, {
      hint: `Write --format ${name} for the default (${format.defaultDestination}) or --format ${name}:PATH ("-" for stdout).`,
    });
  }
  return { name: format.name, destination };
}
