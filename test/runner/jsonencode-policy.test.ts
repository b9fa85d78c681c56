/**
 * Policies written as `jsonencode({…})` whose JSON the plan shows only after apply (a referenced
 * ARN is unknown), read from the `.tf` sources through `guardrails check`: decided where the
 * unknown ARN does not matter, indeterminate where it does, and without sources.
 */
import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, feature, plan, workspace } from './harness.js';

const bucket: RawResource = { address: 'aws_s3_bucket.b', values: { bucket: 'acme-data' }, unknown: { arn: true } };

function policyResource(type: string, attribute: string, known?: string): RawResource {
  return known === undefined
    ? { address: `${type}.p`, values: {}, unknown: { [attribute]: true }, expressions: { [attribute]: { references: ['aws_s3_bucket.b.arn', 'aws_s3_bucket.b'] } } }
    : { address: `${type}.p`, values: { [attribute]: known } };
}

const source = (type: string, attribute: string, argument: string): string => `resource "aws_s3_bucket" "b" {
  bucket = "acme-data"
}

resource "${type}" "p" {
  ${attribute} = jsonencode(${argument})
}
`;

const readObjects = `{
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "\${aws_s3_bucket.b.arn}/*"
    }]
  }`;
const adminGrant = `{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] }`;
const publicRead = `{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }] }`;

interface Case {
  type?: string;
  attribute?: string;
  argument: string;
  steps: string[];
  withSources?: boolean;
  known?: string;
}

async function outcome({ type = 'aws_iam_policy', attribute = 'policy', argument, steps, withSources = true, known }: Case): Promise<{ status: string; messages: string[] }> {
  const cwd = workspace({
    'tfplan.json': plan([bucket, policyResource(type, attribute, known)]),
    'infra/main.tf': source(type, attribute, argument),
    'features/g.feature': feature('g', { rule: [`Given the "${type}" resources`, ...steps] }),
  });
  const { report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features', ...(withSources ? ['--source', 'infra'] : [])]);
  const guardrail = report.guardrails[0]!;
  return { status: guardrail.status, messages: guardrail.scenarios.flatMap((scenario) => scenario.findings.map((finding) => finding.message)) };
}

const noAdmin = ['Then its "policy" policy does not allow "*" on "*"'];

describe('a policy written as jsonencode, known only after apply', () => {
  it('violating: Action "*" on Resource "*" fails from the sources', async () => {
    const result = await outcome({ argument: adminGrant, steps: noAdmin });
    expect(result.status).toBe('failed');
    expect(result.messages.join('\n')).toContain('allows "*" on "*"');
  });

  it('compliant: a grant of s3:GetObject on the bucket passes although the bucket ARN is unknown', async () => {
    expect((await outcome({ argument: readObjects, steps: noAdmin })).status).toBe('passed');
  });

  it('indeterminate when the check needs the unknown ARN, naming it', async () => {
    const result = await outcome({ argument: readObjects, steps: ['Then its "policy" policy allows "s3:GetObject" on "arn:aws:s3:::acme-data/*"'] });
    expect(result.status).toBe('indeterminate');
    expect(result.messages.join('\n')).toContain('aws_s3_bucket.b.arn');
  });

  it('indeterminate without sources', async () => {
    expect((await outcome({ argument: readObjects, steps: noAdmin, withSources: false })).status).toBe('indeterminate');
  });

  it('indeterminate when the argument is not evaluated (merge, a variable)', async () => {
    expect((await outcome({ argument: `merge({ Version = "2012-10-17" }, { Statement = [] })`, steps: noAdmin })).status).toBe('indeterminate');
    const variable = `{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] }`;
    expect((await outcome({ argument: variable, steps: noAdmin })).status).toBe('indeterminate');
  });

  it('a known value in the plan wins over the sources', async () => {
    const known = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect((await outcome({ argument: readObjects, steps: noAdmin, known })).status).toBe('failed');
  });

  it('a bucket policy open to everyone fails public access whatever the bucket ARN', async () => {
    const steps = ['Then its "policy" policy does not allow public access'];
    expect((await outcome({ type: 'aws_s3_bucket_policy', argument: publicRead, steps })).status).toBe('failed');
    expect((await outcome({ type: 'aws_s3_bucket_policy', argument: readObjects, steps })).status).toBe('passed');
  });

  it('a role trust policy is judged from the sources', async () => {
    const trust = `{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { ArnLike = { "aws:SourceArn" = aws_s3_bucket.b.arn } } }] }`;
    const role = (principal: string, withSources = true) =>
      outcome({
        type: 'aws_iam_role',
        attribute: 'assume_role_policy',
        argument: trust,
        withSources,
        steps: [`And those whose "assume_role_policy" policy trusts "${principal}" principals`, 'Then its "assume_role_policy" policy does not allow "*" on "*"'],
      });
    expect((await role('Service')).status).toBe('passed');
    expect((await role('AWS')).status).toBe('not-applicable');
    expect((await role('AWS', false)).status).toBe('indeterminate');
  });
});
