/** The format registry and `--format NAME[:PATH]` parsing. */
import { describe, expect, it } from 'vitest';
import { GuardrailsError } from '../../src/errors.js';
import { parseFormatSpec, reportFormats } from '../../src/report/formats.js';
import { renderCheckMarkdown, renderObservationMarkdown } from '../../src/report/markdown.js';
import type { FindingsReport } from '../../src/report/types.js';
import { failingCheck, observation } from './fixtures.js';

describe('parseFormatSpec', () => {
  it.each([
    ['summary', { name: 'summary', destination: undefined }],
    ['json:out/report.json', { name: 'json', destination: 'out/report.json' }],
    ['junit:-', { name: 'junit', destination: '-' }],
    ['html:C:\\reports\\html', { name: 'html', destination: 'C:\\reports\\html' }],
    ['markdown:a:b.md', { name: 'markdown', destination: 'a:b.md' }],
  ])('%s', (spec, expected) => {
    expect(parseFormatSpec(spec)).toEqual(expected);
  });

  it.each([['sarif'], ['JSON'], ['json :x'], ['json:'], ['']])('rejects %j as a usage error listing the formats', (spec) => {
    const error = (() => {
      try {
        parseFormatSpec(spec);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GuardrailsError);
    expect((error as GuardrailsError).code).toBe('USAGE');
    expect((error as GuardrailsError).hint).toBeDefined();
    if (spec !== 'json:') {
      expect((error as GuardrailsError).message).toContain('summary, json, junit, html, codequality, markdown');
    }
  });
});

describe('reportFormats', () => {
  it('lists each format once, with a description and a default destination', () => {
    expect(reportFormats.map((format) => format.name)).toEqual(['summary', 'json', 'junit', 'html', 'codequality', 'markdown', 'sast']);
    for (const format of reportFormats) {
      expect(format.description.length).toBeGreaterThan(10);
      expect(format.defaultDestination === '-' || format.defaultDestination.startsWith('reports/')).toBe(true);
    }
  });

  it('renders codequality and sast for check reports only', () => {
    expect(reportFormats.filter((format) => !('observation' in format)).map((format) => format.name)).toEqual(['codequality', 'sast']);
  });
});

describe('markdown length cap', () => {
  it('stays within about sixty lines and says how many findings it left out', () => {
    const big = structuredClone(failingCheck) as FindingsReport;
    const template = big.guardrails[0]!;
    big.guardrails = Array.from({ length: 20 }, (_, index) => ({
      ...structuredClone(template),
      id: `guardrail-${index}`,
      findings: Array.from({ length: 8 }, (__, n) => ({ ...template.findings[0]!, address: `aws_s3_bucket.b${n}`, message: `aws_s3_bucket.b${n}: bad` })),
    }));
    const text = renderCheckMarkdown(big);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(62);
    const shown = lines.filter((line) => line.startsWith('- aws_s3_bucket.')).length;
    const omitted = Number(/_(\d+) findings not shown here/.exec(text)?.[1]);
    const moreInline = [...text.matchAll(/… and (\d+) more finding/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(shown + omitted).toBe(20 * 8);
    expect(moreInline).toBeGreaterThan(0);
  });
});

describe('observation markdown length cap', () => {
  it('caps the blocking and error lists and says how many it left out', () => {
    const big = structuredClone(observation);
    big.workloads = Array.from({ length: 30 }, (_, index) => ({
      name: `w${index}`,
      origin: 'gitlab' as const,
      metadata: {},
      status: 'error' as const,
      error: `fetch failed for w${index}`,
    }));
    big.promotion.blocking = big.workloads.flatMap((workload) =>
      big.guardrails.map((guardrail) => ({ guardrail: guardrail.id, workload: workload.name, status: 'error' as const })),
    );
    const lines = renderObservationMarkdown(big).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(62);
    expect(lines.filter((line) => /^- … and \d+ more$/.test(line))).toHaveLength(2);
    expect(lines).toContain('- … and 21 more');
  });
});
