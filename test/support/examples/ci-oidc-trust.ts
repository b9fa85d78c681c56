/** Examples for `ci-oidc-trust`. */
import { OPENTOFU_1_10, TERRAFORM_1_0 } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { ciRole, GITLAB_HOST, legacyCiUser, MAIN_BRANCH_SUB, operatorRole } from './iam.js';

const G = 'ci-oidc-trust';
const ROLE = 'aws_iam_role.gitlab_ci';

export const ciOidcTrustCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-main-branch-only',
    description: `The CI role trusts the existing GitLab OIDC provider with sts:AssumeRoleWithWebIdentity, aud pinned and sub "${MAIN_BRANCH_SUB}".`,
    status: 'passed',
    plan: planOf([...ciRole(), ...operatorRole()]),
  },
  {
    guardrail: G,
    name: 'compliant-protected-branches-and-tags',
    description: 'StringLike on sub allows the main branch and release tags of one project only.',
    status: 'passed',
    plan: planOf(ciRole({ sub: { test: 'StringLike', values: [MAIN_BRANCH_SUB, 'project_path:platform/infra:ref_type:tag:ref:v*'] } }), { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-assume-role-action',
    description: 'The federated trust statement allows sts:AssumeRole, which a web identity token can never use.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ assumeAction: 'sts:AssumeRole' })),
  },
  {
    guardrail: G,
    name: 'violating-no-aud-condition',
    description: `No condition on ${GITLAB_HOST}:aud.`,
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ aud: false })),
  },
  {
    guardrail: G,
    name: 'violating-no-sub-condition',
    description: `No condition on ${GITLAB_HOST}:sub: any project on the GitLab instance can assume the role.`,
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ sub: 'unset' })),
  },
  {
    guardrail: G,
    name: 'violating-sub-ref-type-mr',
    description: 'The sub condition matches ref_type:mr, which GitLab never issues (merge-request pipelines run on their source branch), so every MR pipeline gets a 403.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ sub: { test: 'StringLike', values: [MAIN_BRANCH_SUB, 'project_path:platform/infra:ref_type:mr:ref:*'] } })),
  },
  {
    guardrail: G,
    name: 'violating-sub-bare-wildcard',
    description: 'StringLike sub "*" lets any project assume the role.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ sub: { test: 'StringLike', values: '*' } })),
  },
  {
    guardrail: G,
    name: 'violating-sub-any-project',
    description: 'StringLike sub "project_path:*" lets any project assume the role.',
    status: 'failed',
    findings: [ROLE],
    plan: planOf(ciRole({ sub: { test: 'StringLike', values: 'project_path:*' } }), { tool: TERRAFORM_1_0 }),
  },
  {
    guardrail: G,
    name: 'violating-static-access-key',
    description: 'Beside a compliant OIDC role, a legacy CI user gets a new aws_iam_access_key.',
    status: 'failed',
    findings: ['aws_iam_access_key.ci_legacy'],
    plan: planOf([...ciRole(), ...legacyCiUser()]),
  },
  {
    guardrail: G,
    name: 'indeterminate-provider-created-in-same-plan',
    description: 'The OIDC provider is created in the same plan and the trust policy embeds its ARN, so the document is known only after apply.',
    status: 'indeterminate',
    findings: [ROLE],
    plan: planOf(ciRole({ providerAction: 'create' })),
  },
  {
    guardrail: G,
    name: 'compliant-no-federated-roles',
    description: 'The operator role (Principal.AWS) and a Lambda role (Principal.Service), no federated trust and no access keys: the no-stored-keys rule applies to every plan, so the guardrail passes rather than being not-applicable.',
    status: 'passed',
    plan: planOf([...operatorRole(), lambdaRole(), ...assetsBucket()]),
  },
];
