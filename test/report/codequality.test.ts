/** Code Quality fingerprints: stable across runs and wording, unique within a report. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeQualityIssues } from '../../src/report/codequality.js';
import type { FindingsReport } from '../../src/report/types.js';
import { failingCheck } from './fixtures.js';

const reworded = (report: FindingsReport): FindingsReport => {
  const copy = structuredClone(report);
  for (const guardrail of copy.guardrails) {
    for (const scenario of guardrail.scenarios) {
      for (const finding of scenario.findings) {
        finding.message = `${finding.address}: reworded`;
      }
    }
  }
  return copy;
};

describe('codeQualityIssues', () => {
  const issues = codeQualityIssues(failingCheck);

  it('has one issue per failed or indeterminate finding, none for waived ones', () => {
    expect(issues.map((issue) => [issue.check_name, issue.severity])).toEqual([
      ['state-bucket-kms', 'critical'],
      ['state-bucket-kms', 'critical'],
      ['state-bucket-kms', 'major'],
      ['ci-oidc-sub', 'major'],
      ['provider-no-profile', 'info'],
    ]);
  });

  it('gives unique sha256 fingerprints', () => {
    const fingerprints = issues.map((issue) => issue.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    fingerprints.forEach((fingerprint) => expect(fingerprint).toMatch(/^[0-9a-f]{64}$/));
  });

  it('gives the same fingerprints on a second run and when messages are reworded', () => {
    expect(codeQualityIssues(structuredClone(failingCheck)).map((issue) => issue.fingerprint)).toEqual(issues.map((issue) => issue.fingerprint));
    expect(codeQualityIssues(reworded(failingCheck)).map((issue) => issue.fingerprint)).toEqual(issues.map((issue) => issue.fingerprint));
  });

  it.each<[string, (report: FindingsReport) => void]>([
    ['the address', (report) => (report.guardrails[0]!.scenarios[0]!.findings[0]!.address = 'aws_s3_bucket_server_side_encryption_configuration.other')],
    ['the attribute path', (report) => (report.guardrails[0]!.scenarios[0]!.findings[0]!.path = 'rule[1].bucket_key_enabled')],
    ['the status', (report) => (report.guardrails[0]!.scenarios[0]!.findings[0]!.status = 'indeterminate')],
    ['the guardrail id', (report) => (report.guardrails[0]!.id = 'state-bucket-kms-v2')],
  ])('changes the fingerprint when %s changes', (_what, mutate) => {
    const changed = structuredClone(failingCheck);
    mutate(changed);
    expect(codeQualityIssues(changed)[0]!.fingerprint).not.toBe(issues[0]!.fingerprint);
  });

  it('keeps two findings on the same address, path and status apart', () => {
    const doubled = structuredClone(failingCheck);
    const scenario = doubled.guardrails[0]!.scenarios[0]!;
    scenario.findings.push({ ...scenario.findings[0]!, message: 'same identity, second occurrence' });
    const fingerprints = codeQualityIssues(doubled).map((issue) => issue.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('rates indeterminate minor when indeterminate only warns', () => {
    const warn = { ...structuredClone(failingCheck), onIndeterminate: 'warn' as const };
    expect(codeQualityIssues(warn).find((issue) => issue.check_name === 'ci-oidc-sub')?.severity).toBe('minor');
  });
});

describe('codeQualityIssues location', () => {
  it('points at the .tf block the sources placed the finding at', () => {
    expect(codeQualityIssues(failingCheck).map((issue) => issue.location).slice(0, 2)).toEqual([
      { path: 'infra/state.tf', lines: { begin: 12 } },
      { path: 'infra/modules/logs/main.tf', lines: { begin: 3 } },
    ]);
  });

  it('points at the plan when the finding has no location, whether or not the feature lies in the checkout', () => {
    expect(codeQualityIssues(failingCheck)[2]!.location).toEqual({ path: 'plans/tfplan.json', lines: { begin: 1 } });
    const bundled = structuredClone(failingCheck);
    bundled.guardrails[2]!.uri = '/opt/guardrails/features/ci-oidc-sub.feature';
    expect(codeQualityIssues(bundled)[3]!.location).toEqual({ path: 'plans/tfplan.json', lines: { begin: 1 } });
  });

  it('points at the scenario for a plan read from stdin, naming a feature outside the checkout by file name only', () => {
    const stdin = { ...structuredClone(failingCheck), plan: { ...failingCheck.plan, path: '-' } };
    expect(codeQualityIssues(stdin)[3]!.location).toEqual({ path: 'features/ci-oidc-sub.feature', lines: { begin: 8 } });
    stdin.guardrails[2]!.uri = '/opt/guardrails/features/ci-oidc-sub.feature';
    expect(codeQualityIssues(stdin)[3]!.location).toEqual({ path: 'ci-oidc-sub.feature', lines: { begin: 8 } });
  });
});

describe('codeQualityIssues fingerprints across workloads', () => {
  it('without a workload are the ones earlier versions wrote, so upgrading renews none', () => {
    const { workload: _omitted, ...single } = failingCheck;
    const finding = failingCheck.guardrails[0]!.scenarios[0]!.findings[0]!;
    const identity = ['state-bucket-kms', 'Default encryption uses the state key', finding.address, finding.path, finding.status].join('\u0000');
    expect(codeQualityIssues(single)[0]!.fingerprint).toBe(createHash('sha256').update(`${identity}\u00000`).digest('hex'));
  });

  it('differ between two gates of one pipeline (staging, prod) for the same finding', () => {
    const staging = codeQualityIssues({ ...failingCheck, workload: 'staging' }).map((issue) => issue.fingerprint);
    const prod = codeQualityIssues({ ...failingCheck, workload: 'prod' }).map((issue) => issue.fingerprint);
    expect(staging.filter((fingerprint) => prod.includes(fingerprint))).toEqual([]);
  });

  it('do not depend on where the finding is located', () => {
    const moved = structuredClone(failingCheck);
    moved.guardrails[0]!.scenarios[0]!.findings[0]!.location = { path: 'infra/other.tf', line: 40 };
    expect(codeQualityIssues(moved)[0]!.fingerprint).toBe(codeQualityIssues(failingCheck)[0]!.fingerprint);
  });
});
