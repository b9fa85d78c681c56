/** Examples for `operator-role-mfa-region-fence`. */
import { OPENTOFU_1_10, TERRAFORM_1_4, type ResourceSpec } from '../plan-builder.js';
import { ACCOUNT_ID, assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { ciRole, operatorRole } from './iam.js';

const G = 'operator-role-mfa-region-fence';
const ROLE = 'aws_iam_role.infra_admin';
const FENCE = 'aws_iam_role_policy.infra_admin_region_fence';

const NEW_ACCOUNT: ResourceSpec = {
  type: 'aws_organizations_account',
  name: 'tooling',
  action: 'create',
  args: { name: 'tooling', email: 'aws-tooling@acme.example', close_on_deletion: true },
};

export const operatorRoleCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-infra-admin',
    description: 'InfraAdmin trusts only the account root, requires MFA at most an hour old, keeps sessions to an hour and is region-fenced with a global-service carve-out; a Lambda role and the CI role are not operator roles.',
    status: 'passed',
    plan: planOf([...operatorRole(), lambdaRole(), ...ciRole()]),
  },
  {
    guardrail: G,
    name: 'compliant-existing-infra-admin',
    description: 'The same InfraAdmin role already applied, unchanged, in an OpenTofu plan that adds a bucket.',
    status: 'passed',
    plan: planOf([...operatorRole({ action: 'no-op' }), ...assetsBucket()], { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-trusts-a-user',
    description: 'The trust policy names an IAM user instead of the account root.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ principal: [`arn:aws:iam::${ACCOUNT_ID}:root`, `arn:aws:iam::${ACCOUNT_ID}:user/alice`] })),
  },
  {
    guardrail: G,
    name: 'violating-mfa-not-required',
    description: 'The trust policy bounds the MFA age but has no Bool aws:MultiFactorAuthPresent "true".',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ requireMfa: false })),
  },
  {
    guardrail: G,
    name: 'violating-mfa-age-twelve-hours',
    description: 'aws:MultiFactorAuthAge is bounded at 43200 seconds, far above 3600.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ mfaAge: 43200 }), { tool: TERRAFORM_1_4 }),
  },
  {
    guardrail: G,
    name: 'violating-mfa-age-unbounded',
    description: 'The trust policy requires MFA but sets no aws:MultiFactorAuthAge bound at all.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ mfaAge: 'unset' })),
  },
  {
    guardrail: G,
    name: 'violating-session-twelve-hours',
    description: 'max_session_duration is 43200 seconds.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ maxSessionDuration: 43200 })),
  },
  {
    guardrail: G,
    name: 'violating-no-region-fence',
    description: 'InfraAdmin has its admin grant but no inline region-fence policy.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(operatorRole({ fence: 'absent' })),
  },
  {
    guardrail: G,
    name: 'violating-fence-without-global-carve-out',
    description: 'The region fence\'s NotAction leaves out iam:* and sts:*, so the role locks itself out of IAM.',
    status: 'failed',
    findings: [FENCE],
    plan: planOf(operatorRole({ fence: 'no-global-carve-out' })),
  },
  {
    guardrail: G,
    name: 'violating-fence-string-equals',
    description: 'The region fence denies requests IN the approved regions (StringEquals) instead of outside them.',
    status: 'failed',
    findings: [FENCE],
    plan: planOf(operatorRole({ fence: 'string-equals' })),
  },
  {
    guardrail: G,
    name: 'indeterminate-trust-policy-unknown',
    description: 'The trust policy names the root of an account created in the same plan, so the whole document is known only after apply.',
    status: 'indeterminate',
    findings: [ROLE],
    plan: planOf([NEW_ACCOUNT, ...operatorRole({ principalFromTraversal: 'aws_organizations_account.tooling.id' })]),
  },
  {
    guardrail: G,
    name: 'not-applicable-service-roles-only',
    description: 'Only a Lambda execution role (Principal.Service) and an assets bucket: no role trusts an AWS principal.',
    status: 'not-applicable',
    plan: planOf([lambdaRole(), ...assetsBucket()]),
  },
];
