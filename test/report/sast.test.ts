/** The sast format against a JSON Schema of what GitLab's security report (15.x) requires. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderCheckSast, sastReport, type SastReport } from '../../src/report/sast.js';
import type { FindingsReport } from '../../src/report/types.js';
import { failingCheck, warningCheck } from './fixtures.js';

const schemaPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gitlab', 'sast-report.schema.json');
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
const at = new Date('2026-03-04T05:06:07.890Z');

function errors(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('sast report', () => {
  it('validates against the fields GitLab requires, for a failing and a passing gate', () => {
    expect(errors(JSON.parse(renderCheckSast(failingCheck, at)))).toEqual([]);
    expect(errors(JSON.parse(renderCheckSast(warningCheck, at)))).toEqual([]);
  });

  it('writes GitLab\'s scan header: version 15, type sast, times to the second without a zone', () => {
    const { version, scan } = sastReport(failingCheck, at);
    expect(version).toMatch(/^15\./);
    expect(scan).toMatchObject({ type: 'sast', status: 'success', start_time: '2026-03-04T05:06:07', end_time: '2026-03-04T05:06:07' });
    expect(scan.analyzer).toEqual({ id: 'tofu_guardrails', name: 'tofu-guardrails', version: '0.1.0', vendor: { name: 'tofu-guardrails' } });
  });

  it('reports only what blocks the merge: enforced failures (Critical) and indeterminate under fail (Unknown)', () => {
    const vulnerabilities = sastReport(failingCheck, at).vulnerabilities;
    expect(vulnerabilities.map((v) => [v.identifiers[0]!.value, v.severity])).toEqual([
      ['state-bucket-kms@payments', 'Critical'],
      ['state-bucket-kms@payments', 'Critical'],
      ['state-bucket-kms@payments', 'Unknown'],
      ['ci-oidc-sub@payments', 'Unknown'],
    ]);
    // the observed provider-no-profile failure and the waived versioning finding are not vulnerabilities
    // under warn, only the failed scenario blocks; its indeterminate finding comes with it
    expect(sastReport({ ...failingCheck, onIndeterminate: 'warn' }, at).vulnerabilities.map((v) => v.severity)).toEqual(['Critical', 'Critical', 'Unknown']);
  });

  it('locates each at the .tf block when the sources placed it, else the plan', () => {
    expect(sastReport(failingCheck, at).vulnerabilities.map((v) => v.location)).toEqual([
      { file: 'infra/state.tf', start_line: 12 },
      { file: 'infra/modules/logs/main.tf', start_line: 3 },
      { file: 'plans/tfplan.json', start_line: 1 },
      { file: 'plans/tfplan.json', start_line: 1 },
    ]);
  });

  it('keeps two workloads apart by their primary identifier and ids', () => {
    const staging = sastReport({ ...failingCheck, workload: 'staging' }, at).vulnerabilities;
    const prod = sastReport({ ...failingCheck, workload: 'prod' }, at).vulnerabilities;
    expect(staging[0]!.identifiers[0]!.value).toBe('state-bucket-kms@staging');
    expect(staging.map((v) => v.id).filter((id) => prod.some((v) => v.id === id))).toEqual([]);
    const { workload: _none, ...single } = failingCheck;
    expect(sastReport(single, at).vulnerabilities[0]!.identifiers[0]!.value).toBe('state-bucket-kms');
  });

  it('cuts a name longer than GitLab accepts instead of having the import rejected', () => {
    const long: FindingsReport = structuredClone(failingCheck);
    long.guardrails[0]!.title = 'x'.repeat(400);
    const report = sastReport(long, at);
    expect(report.vulnerabilities[0]!.name.length).toBe(255);
    expect(errors(report)).toEqual([]);
  });

  it.each<[string, (report: SastReport) => void]>([
    ['no scan times', (report) => delete (report.scan as Partial<SastReport['scan']>).start_time],
    ['a time with a zone', (report) => (report.scan.end_time = '2026-03-04T05:06:07Z')],
    ['a vulnerability without identifiers', (report) => (report.vulnerabilities[0]!.identifiers = [])],
    ['a location without a line', (report) => delete (report.vulnerabilities[0]!.location as Partial<SastReport['vulnerabilities'][0]['location']>).start_line],
    ['a severity GitLab does not know', (report) => ((report.vulnerabilities[0] as { severity: string }).severity = 'critical')],
    ['schema version 14', (report) => (report.version = '14.1.2')],
  ])('the schema refuses %s', (_what, spoil) => {
    const report = sastReport(failingCheck, at);
    spoil(report);
    expect(errors(report)).not.toEqual([]);
  });
});
