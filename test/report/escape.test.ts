/**
 * Reports cannot inject: plan values, addresses and feature text that look like Markdown links,
 * images, mentions, HTML or terminal escape sequences reach a merge-request comment as text and
 * a terminal as visible escapes, in every renderer that prints them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonText, markdownText, terminalText } from '../../src/report/escape.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderCheckMarkdown, renderObservationMarkdown } from '../../src/report/markdown.js';
import { renderCheckSummary, renderObservationSummary } from '../../src/report/summary.js';
import type { FindingsReport, ObservationReport } from '../../src/report/types.js';
import { cli, plan, workspace } from '../runner/harness.js';
import { failingCheck, observation } from './fixtures.js';

/** A value a merge request can put into a plan: a forged verdict line in colour, and Markdown that links, embeds and pings. */
const FORGED = '"x"\r\n\u001b[32mPASS  all-guardrails-ok\u001b[0m\u009b2K\u202eevil';
const MARKDOWN_ATTACK = '[click](http://evil.example) ![img](http://evil.example/x.png) @all <img src=x onerror=alert(1)> `code` | cell';

/** The failing check report with the attack in an address, a finding message, a title and a reason. */
function hostileCheck(): FindingsReport {
  const report = structuredClone(failingCheck);
  const guardrail = report.guardrails.find((candidate) => candidate.findings.length > 0)!;
  guardrail.title = `Title ${MARKDOWN_ATTACK} ${FORGED}`;
  const finding = guardrail.findings[0]!;
  finding.address = `aws_s3_bucket.x["${MARKDOWN_ATTACK}"]`;
  finding.message = `${finding.address}: tags["Name"] is ${FORGED} ${MARKDOWN_ATTACK}; expected "ok"`;
  for (const scenario of guardrail.scenarios) {
    scenario.findings = scenario.findings.map((candidate) => (candidate === guardrail.findings[0] ? finding : candidate));
  }
  report.workload = `team ${MARKDOWN_ATTACK}`;
  return report;
}

function hostileObservation(): ObservationReport {
  const report = structuredClone(observation);
  const workload = report.workloads[0]!;
  workload.name = `w ${MARKDOWN_ATTACK} ${FORGED}`;
  workload.status = 'error';
  workload.error = `plan unreadable ${MARKDOWN_ATTACK} ${FORGED}`;
  delete workload.report;
  return report;
}

/** No raw terminal control: no C0 (except the renderer's own line breaks), no DEL, no C1, no bidi override. */
function expectTerminalSafe(text: string): void {
  // eslint-disable-next-line no-control-regex -- finding raw control characters is the point
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
  // The forged value stays on the line of the finding that quotes it.
  expect(text).not.toMatch(/^\s*PASS\s+all-guardrails-ok/m);
  expect(text).not.toMatch(/^"?x"?$/m);
}

/** No live Markdown link, image, mention, HTML tag or code span from the attack. */
function expectMarkdownInert(text: string): void {
  expect(text).not.toContain('[click](');
  expect(text).not.toContain('![img](');
  expect(text).not.toMatch(/@all/);
  expect(text).not.toContain('<img');
  expect(text).not.toContain(' `code` ');
  expect(text).not.toMatch(/[^\\]\| cell/);
  expect(text).not.toContain('\u001b');
}

describe('terminalText', () => {
  it.each([
    ['a\r\nb', 'a\\r\\nb'],
    ['\u001b[31mred', '\\e[31mred'],
    ['\u009b2K', '\\u009b2K'],
    ['abc\u202eevil', 'abc\\u202eevil'],
    ['tab\there', 'tab\\there'],
    ['plain "text" [x](y) @all', 'plain "text" [x](y) @all'],
  ])('shows %j as %j', (input, shown) => {
    expect(terminalText(input)).toBe(shown);
  });
});

describe('markdownText', () => {
  it('breaks GitLab references to issues and merge requests', () => {
    expect(markdownText('see #12 and !34, ~bug')).toBe('see #\u200b12 and !\u200b34, ~\u200bbug');
  });

  it('escapes links, images, code, tables and HTML, and breaks mentions', () => {
    const text = markdownText(MARKDOWN_ATTACK);
    expect(text).toBe(
      '\\[click\\](http://evil.example) !\\[img\\](http://evil.example/x.png) @\u200ball &lt;img src=x onerror=alert(1)&gt; \\`code\\` \\| cell',
    );
    expectMarkdownInert(text);
  });
});

describe('jsonText', () => {
  it('writes C1 and bidirectional controls as escapes, and parses back to the same value', () => {
    const value = { message: FORGED };
    const text = jsonText(value);
    expectTerminalSafe(text);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderers', () => {
  it('the JSON report parses to the same report and holds no raw terminal control', () => {
    const report = hostileCheck();
    const text = renderCheckJson(report);
    expectTerminalSafe(text);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('the summary shows control characters as visible escapes, never raw', () => {
    expectTerminalSafe(renderCheckSummary(hostileCheck()));
    expectTerminalSafe(renderObservationSummary(hostileObservation()));
  });

  it('the Markdown comment keeps plan values, addresses and feature text inert', () => {
    expectMarkdownInert(renderCheckMarkdown(hostileCheck()));
    expectMarkdownInert(renderObservationMarkdown(hostileObservation()));
  });
});

describe('through the CLI', () => {
  const FEATURE = `@id:tag-name @enforce
Feature: Buckets are named

  Scenario: The Name tag is approved
    Given the "aws_s3_bucket" resources
    Then its "tags[\\"Name\\"]" is "approved"
`;

  it('a plan value cannot forge a PASS line in the summary, nor a link or mention in the Markdown', async () => {
    const cwd = workspace({
      'named.feature': FEATURE,
      'tfplan.json': plan([{ address: 'aws_s3_bucket.data', values: { bucket: 'data', tags: { Name: `${FORGED} ${MARKDOWN_ATTACK}` } } }]),
    });
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'named.feature', '--format', 'summary', '--format', 'markdown:summary.md']);
    expect(run.code, run.stderr).toBe(1);
    expectTerminalSafe(run.stdout);
    expect(run.stdout).toMatch(/^ +aws_s3_bucket\.data: .*PASS {2}all-guardrails-ok/m);
    expectMarkdownInert(readFileSync(`${cwd}/summary.md`, 'utf8'));
  });

  it('an error message printed to stderr shows control characters from its input as escapes', async () => {
    const cwd = workspace({});
    const run = await cli(cwd, ['check', '--plan', `missing\u001b[2J\r\nPASS.json`, '--features', 'none.feature']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing\\e[2J\\r\\nPASS.json');
    expectTerminalSafe(run.stderr);
  });
});
