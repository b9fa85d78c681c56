/** Examples for `account-baseline`. */
import { OPENTOFU_1_10, TERRAFORM_1_4, type ResourceSpec } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';

const G = 'account-baseline';

export interface BaselineOptions {
  readonly action?: 'create' | 'no-op';
  readonly password?: Readonly<Record<string, number | boolean | 'unset'>>;
  readonly publicAccessOff?: string;
  readonly ebsEnabled?: boolean;
}

const PASSWORD_POLICY: Readonly<Record<string, number | boolean>> = {
  minimum_password_length: 14,
  password_reuse_prevention: 24,
  require_lowercase_characters: true,
  require_numbers: true,
  require_symbols: true,
  require_uppercase_characters: true,
  allow_users_to_change_password: true,
  max_password_age: 90,
};

/** Password policy, account-level public access block and EBS encryption by default. */
export function accountBaseline(o: BaselineOptions = {}): ResourceSpec[] {
  const action = o.action ?? 'create';
  const password: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries({ ...PASSWORD_POLICY, ...(o.password ?? {}) })) if (v !== 'unset') password[k] = v;
  const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  return [
    { type: 'aws_iam_account_password_policy', name: 'strict', action, args: password },
    { type: 'aws_s3_account_public_access_block', name: 'account', action, args: Object.fromEntries(flags.map((f) => [f, f !== o.publicAccessOff])) },
    { type: 'aws_ebs_encryption_by_default', name: 'account', action, args: { enabled: o.ebsEnabled ?? true } },
  ];
}

const PP = 'aws_iam_account_password_policy.strict';

function weakPassword(name: string, setting: string, value: number | boolean, why: string): ExampleCase {
  return {
    guardrail: G,
    name,
    description: why,
    status: 'failed',
    findings: [PP],
    plan: planOf(accountBaseline({ password: { [setting]: value } })),
  };
}

export const accountBaselineCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-new-baseline',
    description: 'A 14-character password policy with reuse prevention 24 and full complexity, the account public access block all true, EBS encryption by default.',
    status: 'passed',
    plan: planOf(accountBaseline()),
  },
  {
    guardrail: G,
    name: 'compliant-existing-baseline',
    description: 'The same baseline already applied, unchanged, in an OpenTofu plan that adds an unrelated bucket.',
    status: 'passed',
    plan: planOf([...accountBaseline({ action: 'no-op' }), ...assetsBucket()], { tool: OPENTOFU_1_10 }),
  },
  weakPassword('violating-password-too-short', 'minimum_password_length', 12, 'minimum_password_length is 12, below 14.'),
  weakPassword('violating-password-reuse-too-low', 'password_reuse_prevention', 5, 'password_reuse_prevention is 5, below 24.'),
  weakPassword('violating-password-no-symbols', 'require_symbols', false, 'require_symbols is false.'),
  weakPassword('violating-password-no-numbers', 'require_numbers', false, 'require_numbers is false.'),
  weakPassword('violating-password-no-uppercase', 'require_uppercase_characters', false, 'require_uppercase_characters is false.'),
  weakPassword('violating-password-no-lowercase', 'require_lowercase_characters', false, 'require_lowercase_characters is false.'),
  {
    guardrail: G,
    name: 'violating-account-public-access-partial',
    description: 'The account-level public access block leaves ignore_public_acls false.',
    status: 'failed',
    findings: ['aws_s3_account_public_access_block.account'],
    plan: planOf(accountBaseline({ publicAccessOff: 'ignore_public_acls' }), { tool: TERRAFORM_1_4 }),
  },
  {
    guardrail: G,
    name: 'violating-ebs-encryption-disabled',
    description: 'aws_ebs_encryption_by_default is declared with enabled = false.',
    status: 'failed',
    findings: ['aws_ebs_encryption_by_default.account'],
    plan: planOf(accountBaseline({ ebsEnabled: false })),
  },
  {
    guardrail: G,
    name: 'indeterminate-complexity-left-to-provider',
    description: 'require_symbols is not written, so on create the provider decides it and the plan knows it only after apply.',
    status: 'indeterminate',
    findings: [PP],
    plan: planOf(accountBaseline({ password: { require_symbols: 'unset' } })),
  },
  {
    guardrail: G,
    name: 'not-applicable-workload-account',
    description: 'A workload plan with an assets bucket and a Lambda role and none of the account-baseline resources.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
];
