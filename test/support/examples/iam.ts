/** The operator role (InfraAdmin) and the GitLab CI role, with switches that break one rule each. */
import { jsonencodeOf, ref, type Arg, type ResourceSpec } from '../plan-builder.js';
import { CALLER_IDENTITY } from './common.js';

const ACCOUNT_T = 'data.aws_caller_identity.current.account_id';

/** Global services that ignore aws:RequestedRegion; the region fence must not deny them. */
export const GLOBAL_SERVICES = [
  'iam:*', 'sts:*', 'organizations:*', 'account:*', 'support:*', 'cloudfront:*', 'route53:*', 'route53domains:*',
  'globalaccelerator:*', 'waf:*', 'shield:*', 'budgets:*', 'ce:*', 'cur:*', 'health:*', 'trustedadvisor:*',
];
export const ALLOWED_REGIONS = ['eu-central-1', 'eu-west-1'];

export interface OperatorOptions {
  readonly action?: 'create' | 'no-op';
  /** Principal.AWS; the account's root (from the caller identity) unless given. */
  readonly principal?: string | readonly string[];
  /** The trust policy's principal from another traversal (an account created in this plan). */
  readonly principalFromTraversal?: string;
  readonly requireMfa?: boolean;
  readonly mfaAge?: number | 'unset';
  readonly maxSessionDuration?: number;
  readonly fence?: 'ok' | 'absent' | 'no-global-carve-out' | 'string-equals';
  readonly roleName?: string;
}

/** `aws_iam_role.infra_admin`, its admin grant and its region-fence inline policy. */
export function operatorRole(o: OperatorOptions = {}): ResourceSpec[] {
  const action = o.action ?? 'create';
  const traversals = o.principalFromTraversal ? [o.principalFromTraversal] : o.principal ? [] : [ACCOUNT_T];
  const trust = jsonencodeOf(traversals, (get) => {
    const principal = o.principalFromTraversal
      ? `arn:aws:iam::${String(get(o.principalFromTraversal))}:root`
      : (o.principal ?? `arn:aws:iam::${String(get(ACCOUNT_T))}:root`);
    const condition: Record<string, unknown> = {};
    if (o.requireMfa ?? true) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    const age = o.mfaAge ?? 3600;
    if (age !== 'unset') condition.NumericLessThan = { 'aws:MultiFactorAuthAge': String(age) };
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: 'OperatorsWithRecentMfa', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', Condition: condition }],
    };
  });
  const name = o.roleName ?? 'InfraAdmin';
  const role: ResourceSpec = {
    type: 'aws_iam_role',
    name: 'infra_admin',
    action,
    args: {
      name,
      description: 'Human operators of the infrastructure account, MFA required',
      max_session_duration: o.maxSessionDuration ?? 3600,
      assume_role_policy: trust,
    },
  };
  const admin: ResourceSpec = {
    type: 'aws_iam_role_policy_attachment',
    name: 'infra_admin',
    action,
    args: { role: ref('aws_iam_role.infra_admin.name'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  };
  const out = [role, admin];
  if (traversals.includes(ACCOUNT_T)) out.push(CALLER_IDENTITY);
  const fence = o.fence ?? 'ok';
  if (fence !== 'absent') {
    const statement: Record<string, unknown> = { Sid: 'DenyOutsideApprovedRegions', Effect: 'Deny', Resource: '*' };
    if (fence === 'no-global-carve-out') statement.NotAction = ['cloudfront:*', 'route53:*', 'support:*'];
    else statement.NotAction = GLOBAL_SERVICES;
    statement.Condition = fence === 'string-equals'
      ? { StringEquals: { 'aws:RequestedRegion': ALLOWED_REGIONS } }
      : { StringNotEquals: { 'aws:RequestedRegion': ALLOWED_REGIONS } };
    out.push({
      type: 'aws_iam_role_policy',
      name: 'infra_admin_region_fence',
      action,
      args: {
        name: 'region-fence',
        role: ref('aws_iam_role.infra_admin.id'),
        policy: jsonencodeOf([], () => ({ Version: '2012-10-17', Statement: [statement] })),
      },
    });
  }
  return out;
}

export const GITLAB_HOST = 'gitlab.example.com';
export const MAIN_BRANCH_SUB = 'project_path:platform/infra:ref_type:branch:ref:main';

export interface CiRoleOptions {
  /** The OIDC provider already exists (its ARN is known) or is created in this plan. */
  readonly providerAction?: 'no-op' | 'create';
  readonly roleAction?: 'create' | 'no-op';
  readonly assumeAction?: string;
  readonly aud?: boolean;
  /** The `sub` condition: operator and values; `unset` leaves it out. */
  readonly sub?: { readonly test: 'StringEquals' | 'StringLike'; readonly values: string | readonly string[] } | 'unset';
}

/** The GitLab OIDC provider, the CI automation role and its permissions. */
export function ciRole(o: CiRoleOptions = {}): ResourceSpec[] {
  const providerT = 'aws_iam_openid_connect_provider.gitlab.arn';
  const provider: ResourceSpec = {
    type: 'aws_iam_openid_connect_provider',
    name: 'gitlab',
    action: o.providerAction ?? 'no-op',
    args: {
      url: `https://${GITLAB_HOST}`,
      client_id_list: [`https://${GITLAB_HOST}`],
    },
  };
  const trust: Arg = jsonencodeOf([providerT], (get) => {
    const condition: Record<string, Record<string, unknown>> = {};
    if (o.aud ?? true) condition.StringEquals = { [`${GITLAB_HOST}:aud`]: `https://${GITLAB_HOST}` };
    const sub = o.sub ?? { test: 'StringEquals', values: MAIN_BRANCH_SUB };
    if (sub !== 'unset') condition[sub.test] = { ...(condition[sub.test] ?? {}), [`${GITLAB_HOST}:sub`]: sub.values };
    return {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'GitLabPipelines', Effect: 'Allow', Principal: { Federated: get(providerT) }, Action: o.assumeAction ?? 'sts:AssumeRoleWithWebIdentity', Condition: condition },
      ],
    };
  });
  const role: ResourceSpec = {
    type: 'aws_iam_role',
    name: 'gitlab_ci',
    action: o.roleAction ?? 'create',
    args: { name: 'gitlab-ci-infra', description: 'Assumed by GitLab CI pipelines of platform/infra', max_session_duration: 3600, assume_role_policy: trust },
  };
  const grant: ResourceSpec = {
    type: 'aws_iam_role_policy_attachment',
    name: 'gitlab_ci',
    action: o.roleAction ?? 'create',
    args: { role: ref('aws_iam_role.gitlab_ci.name'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  };
  return [provider, role, grant];
}

/** A CI user with a static access key: what OIDC replaces. */
export function legacyCiUser(): ResourceSpec[] {
  return [
    { type: 'aws_iam_user', name: 'ci_legacy', action: 'no-op', args: { name: 'gitlab-ci-legacy' } },
    { type: 'aws_iam_access_key', name: 'ci_legacy', action: 'create', args: { user: ref('aws_iam_user.ci_legacy.name') } },
  ];
}
