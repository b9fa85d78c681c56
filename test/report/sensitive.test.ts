/**
 * Values the plan marks sensitive never reach a report: a plan whose sensitive values are the
 * violations (a password, the keys of a sensitive tag map, a sensitive policy that fails to parse)
 * is checked with every format at once, and `plan show` is run on it; no output holds any secret.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectPlanSecrets, Redactor } from '../../src/plan/sensitive.js';
import type { RawPlan } from '../../src/plan/types.js';
import { reportFormats } from '../../src/report/formats.js';
import { cli, plan, workspace } from '../runner/harness.js';

const PASSWORD = 'hunter2-SECRET-pw';
const TAG_KEY = 'SECRET-KEY-tag';
const TAG_VALUE = 'SECRET-VALUE-tag';
const POLICY_TOKEN = 'SECRETPOLICYTOKEN123';
// Not JSON: the parse error quotes the characters around the stray commas, inside the secret.
const BROKEN_POLICY = `{"Version": "2012-10-17", "Statement": [{"Sid": "${POLICY_TOKEN}",,,]}`;

const FEATURE = `@id:secrets-stay-hidden @enforce
Feature: Secrets stay hidden

  Scenario: The database password is the approved one
    Given the "aws_db_instance" resources
    Then its "password" is "approved-password"

  Scenario: Buckets carry only approved tags
    Given the "aws_s3_bucket" resources
    Then its "tags[*]" is "approved"

  Scenario: Roles deny insecure transport
    Given the "aws_iam_role" resources
    Then its "assume_role_policy" policy denies "s3:*" when "aws:SecureTransport" is "false"
`;

const PLAN = plan([
  { address: 'aws_db_instance.main', values: { password: PASSWORD, engine: 'postgres' }, sensitive: { password: true } },
  { address: 'aws_s3_bucket.data', values: { bucket: 'data', tags: { [TAG_KEY]: TAG_VALUE } }, sensitive: { tags: true } },
  { address: 'aws_iam_role.ci', values: { name: 'ci', assume_role_policy: BROKEN_POLICY }, sensitive: { assume_role_policy: true } },
]);

/** Every file under a directory, with its text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [{ file, text: readFileSync(file, 'utf8') }];
  });
}

/** Fails naming the output that holds a secret, or any piece of one long enough to recognise. */
function expectNoSecret(outputs: ReadonlyArray<{ file: string; text: string }>): void {
  for (const secret of [PASSWORD, TAG_KEY, TAG_VALUE, POLICY_TOKEN]) {
    for (let start = 0; start + 6 <= secret.length; start += 1) {
      const piece = secret.slice(start, start + 6);
      for (const output of outputs) {
        expect(output.text.includes(piece), `${output.file} holds "${piece}" of the secret ${secret}:\n${output.text}`).toBe(false);
      }
    }
  }
}

describe('sensitive values in reports', () => {
  it('appear in no report format, while the findings still say what failed', async () => {
    const cwd = workspace({ 'secrets.feature': FEATURE, 'tfplan.json': PLAN });
    const formats = reportFormats.map((format) => `${format.name}:${format.name === 'summary' ? '-' : `out/${format.name}${format.output === 'directory' ? '' : '.txt'}`}`);
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'secrets.feature', ...formats.flatMap((format) => ['--format', format])]);
    expect(run.code, run.stderr).toBe(1);
    const outputs = [{ file: 'stdout', text: run.stdout }, { file: 'stderr', text: run.stderr }, ...filesUnder(path.join(cwd, 'out'))];
    expect(outputs.map((output) => path.basename(output.file))).toEqual(expect.arrayContaining(['json.txt', 'junit.txt', 'codequality.txt', 'markdown.txt', 'index.html']));
    expectNoSecret(outputs);

    const report = JSON.parse(readFileSync(path.join(cwd, 'out', 'json.txt'), 'utf8')) as { guardrails: Array<{ findings: Array<{ address: string; path: string; message: string; actual?: string }> }> };
    const findings = report.guardrails.flatMap((guardrail) => guardrail.findings);
    expect(findings.find((finding) => finding.address === 'aws_db_instance.main')).toMatchObject({ path: 'password', actual: '(sensitive)' });
    expect(findings.find((finding) => finding.address === 'aws_s3_bucket.data')).toMatchObject({ path: 'tags[(sensitive)]', actual: '(sensitive)' });
    expect(findings.find((finding) => finding.address === 'aws_iam_role.ci')?.message).toMatch(/^aws_iam_role\.ci: assume_role_policy is not a valid policy document/);
  });

  it('appear in neither form of plan show', async () => {
    const cwd = workspace({ 'tfplan.json': PLAN });
    for (const argv of [['plan', 'show', 'tfplan.json'], ['plan', 'show', '--json', 'tfplan.json']]) {
      const run = await cli(cwd, argv);
      expect(run.code, run.stderr).toBe(0);
      expectNoSecret([{ file: `${argv.join(' ')} stdout`, text: run.stdout }, { file: 'stderr', text: run.stderr }]);
    }
  });
});

describe('Redactor', () => {
  const secrets = collectPlanSecrets(PLAN as RawPlan);

  it('collects values, keys of sensitive maps and whole documents, per resource and plan-wide', () => {
    expect(secrets.all).toEqual(expect.arrayContaining([PASSWORD, TAG_KEY, TAG_VALUE, BROKEN_POLICY]));
    expect(secrets.all).not.toContain('postgres');
    expect(secrets.byAddress.get('aws_s3_bucket.data')).toEqual(expect.arrayContaining([TAG_KEY, TAG_VALUE]));
    expect(secrets.byAddress.has('aws_db_instance.main')).toBe(true);
  });

  it("masks a parse error excerpt cut from a resource's own secret document", () => {
    // The form newer V8 versions give: a few characters either side of the error.
    const message = `assume_role_policy is not a valid policy document: Unexpected token ',', "...TOKEN123",,,]}" is not valid JSON`;
    const own = new Redactor([...(secrets.byAddress.get('aws_iam_role.ci') ?? []), ...secrets.all], { excerpts: true });
    const masked = own.redact(message);
    expect(masked).not.toContain('TOKEN123');
    expect(masked).toContain('(sensitive)');
    expect(masked.startsWith('assume_role_policy is not a valid policy document')).toBe(true);
  });

  it('masks the strings inside a valid sensitive document only in findings about its own resource', () => {
    const plan = collectPlanSecrets({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_iam_role.a',
          change: { after: { policy: '{"Statement":[{"Principal":{"AWS":"arn:aws:iam::123456789012:role/hidden-admin"}}]}' }, after_sensitive: { policy: true } },
        },
      ],
    } as RawPlan);
    const own = new Redactor([...(plan.byAddress.get('aws_iam_role.a') ?? []), ...plan.all], { excerpts: true });
    const elsewhere = new Redactor(plan.all, { excerpts: false });
    expect(own.redact('Principal.AWS includes ["arn:aws:iam::123456789012:role/hidden-admin"]')).toBe('Principal.AWS includes [(sensitive)]');
    expect(elsewhere.redact('aws_iam_role.b: Principal.AWS includes ["arn:aws:iam::999999999999:root"]')).toBe('aws_iam_role.b: Principal.AWS includes ["arn:aws:iam::999999999999:root"]');
  });

  it('masks a short secret only where it is quoted, so it does not blank out words', () => {
    const redactor = new Redactor(['dev'], { excerpts: false });
    expect(redactor.redact('aws_s3_bucket.dev: name is "dev"')).toBe('aws_s3_bucket.dev: name is (sensitive)');
  });
});
