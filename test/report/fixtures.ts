/**
 * Hand-written reports covering every outcome the renderers must show: passed, failed
 * (enforced and observed), indeterminate (under fail and under warn), not-applicable, a waived
 * finding, and messages full of characters XML, HTML and Markdown treat specially.
 */
import type { FindingsReport, GuardrailResult, ObservationReport } from '../../src/report/types.js';

const tool = { name: 'tofu-guardrails', version: '0.1.0' };

const kmsGuardrail: GuardrailResult = {
  id: 'state-bucket-kms',
  title: 'State bucket is encrypted with its own KMS key',
  description: 'Default encryption of the state bucket uses aws:kms with the customer-managed key and a bucket key.',
  uri: 'features/state-bucket-kms.feature',
  enforcement: 'enforce',
  status: 'failed',
  scenarios: [],
  findings: [],
};
kmsGuardrail.scenarios = [
  {
    name: 'Default encryption uses the state key',
    line: 6,
    enforcement: 'enforce',
    status: 'failed',
    findings: [
      {
        address: 'aws_s3_bucket_server_side_encryption_configuration.state',
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        status: 'failed',
        path: 'rule[0].apply_server_side_encryption_by_default[0].sse_algorithm',
        message:
          'aws_s3_bucket_server_side_encryption_configuration.state: rule[0].apply_server_side_encryption_by_default[0].sse_algorithm is "AES256"; expected "aws:kms"',
        expected: '"aws:kms"',
        actual: '"AES256"',
        step: 'Then its rule[0].apply_server_side_encryption_by_default[0].sse_algorithm is "aws:kms"',
        location: { path: 'infra/state.tf', line: 12 },
      },
      {
        address: 'module.logs["a<b>&c"].aws_s3_bucket_server_side_encryption_configuration.this',
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        status: 'failed',
        path: 'rule[0].bucket_key_enabled',
        message:
          'module.logs["a<b>&c"].aws_s3_bucket_server_side_encryption_configuration.this: rule[0].bucket_key_enabled is false; expected true (see `docs` | <KMS> & "bucket keys" ]]>)',
        expected: 'true',
        actual: 'false',
        location: { path: 'infra/modules/logs/main.tf', line: 3 },
      },
      {
        address: 'aws_s3_bucket_server_side_encryption_configuration.state',
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        status: 'indeterminate',
        path: 'rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id',
        message:
          'aws_s3_bucket_server_side_encryption_configuration.state: rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id is known only after apply',
        step: 'Then its rule[0].apply_server_side_encryption_by_default[0].sse_algorithm is "aws:kms"',
      },
    ],
    steps: [
      { keyword: 'Given ', text: 'resources of type aws_s3_bucket_server_side_encryption_configuration', status: 'passed' },
      { keyword: 'Then ', text: 'its rule[0].apply_server_side_encryption_by_default[0].sse_algorithm is "aws:kms"', status: 'failed' },
    ],
  },
];
kmsGuardrail.findings = kmsGuardrail.scenarios.flatMap((scenario) => scenario.findings);

const versioningGuardrail: GuardrailResult = {
  id: 'state-bucket-versioning',
  title: 'State bucket keeps every version',
  description: 'Versioning is enabled on the state bucket.',
  uri: 'features/state-bucket-versioning.feature',
  enforcement: 'enforce',
  status: 'passed',
  scenarios: [
    {
      name: 'Versioning is enabled',
      line: 5,
      enforcement: 'enforce',
      status: 'passed',
      findings: [
        {
          address: 'aws_s3_bucket_versioning.scratch',
          type: 'aws_s3_bucket_versioning',
          status: 'waived',
          path: 'versioning_configuration[0].status',
          message: 'aws_s3_bucket_versioning.scratch: versioning_configuration[0].status is "Suspended"; expected "Enabled"',
          waiver: { reason: 'scratch bucket, emptied nightly', owner: 'platform-team', expires: '2027-01-31', expired: false },
        },
      ],
      steps: [
        { keyword: 'Given ', text: 'resources of type aws_s3_bucket_versioning', status: 'passed' },
        { keyword: 'Then ', text: 'its versioning_configuration[0].status is "Enabled"', status: 'passed' },
      ],
    },
  ],
  findings: [],
};
versioningGuardrail.findings = versioningGuardrail.scenarios.flatMap((scenario) => scenario.findings);

const oidcGuardrail: GuardrailResult = {
  id: 'ci-oidc-sub',
  title: 'CI role trusts one project and real refs only',
  description: 'The GitLab OIDC trust condition on sub names a project and ref_type branch or tag.',
  uri: 'features/ci-oidc-sub.feature',
  enforcement: 'enforce',
  status: 'indeterminate',
  scenarios: [
    {
      name: 'The sub condition is pinned',
      line: 8,
      enforcement: 'enforce',
      status: 'indeterminate',
      reason: 'assume_role_policy is known only after apply',
      findings: [
        {
          address: 'aws_iam_role.ci',
          type: 'aws_iam_role',
          status: 'indeterminate',
          path: 'assume_role_policy',
          message: 'aws_iam_role.ci: assume_role_policy is known only after apply',
        },
      ],
      steps: [],
    },
  ],
  findings: [],
};
oidcGuardrail.findings = oidcGuardrail.scenarios.flatMap((scenario) => scenario.findings);

const mfaGuardrail: GuardrailResult = {
  id: 'operator-mfa',
  title: 'Operator role requires MFA',
  description: 'The operator role trusts the account root only, with MFA.',
  uri: 'features/operator-mfa.feature',
  enforcement: 'enforce',
  status: 'not-applicable',
  scenarios: [
    {
      name: 'Trust policy requires MFA',
      line: 4,
      enforcement: 'enforce',
      status: 'not-applicable',
      reason: 'no aws_iam_role named InfraAdmin in the plan',
      findings: [],
      steps: [{ keyword: 'Given ', text: 'the aws_iam_role named "InfraAdmin"', status: 'passed' }],
    },
  ],
  findings: [],
};

const profileGuardrail: GuardrailResult = {
  id: 'provider-no-profile',
  title: 'CI providers do not set a profile',
  description: 'A profile short-circuits the credential chain before web identity.',
  uri: 'features/provider-no-profile.feature',
  enforcement: 'observe',
  status: 'failed',
  scenarios: [
    {
      name: 'No aws provider sets profile',
      line: 5,
      enforcement: 'observe',
      status: 'failed',
      findings: [
        {
          address: 'aws.west',
          type: 'provider',
          status: 'failed',
          path: 'profile',
          message: 'aws.west: profile is "admin"; expected it to be absent',
          actual: '"admin"',
        },
      ],
      steps: [],
    },
  ],
  findings: [],
};
profileGuardrail.findings = profileGuardrail.scenarios.flatMap((scenario) => scenario.findings);

/** A failing gate: enforced failure, observed failure, indeterminate under `fail`, not-applicable, a waiver. */
export const failingCheck: FindingsReport = {
  schemaVersion: 1,
  tool,
  plan: { path: 'plans/tfplan.json', formatVersion: '1.2', terraformVersion: '1.10.5' },
  workload: 'payments',
  verdict: 'failed',
  onIndeterminate: 'fail',
  summary: { passed: 1, failed: 2, indeterminate: 1, 'not-applicable': 1 },
  guardrails: [kmsGuardrail, versioningGuardrail, oidcGuardrail, mfaGuardrail, profileGuardrail],
  unusedWaivers: [{ guardrail: 'state-bucket-kms', workload: 'payments', addresses: ['aws_s3_bucket.old'], reason: 'migration' }],
};

/** A passing gate: the only undecided guardrail is indeterminate under `warn`. */
export const warningCheck: FindingsReport = {
  schemaVersion: 1,
  tool,
  plan: { path: '-', formatVersion: '1.2', terraformVersion: null },
  verdict: 'passed',
  onIndeterminate: 'warn',
  summary: { passed: 1, failed: 0, indeterminate: 1, 'not-applicable': 1 },
  guardrails: [versioningGuardrail, oidcGuardrail, mfaGuardrail],
};

function workloadReport(workload: string, guardrails: GuardrailResult[]): FindingsReport {
  const observed = guardrails.map((guardrail) => ({
    ...guardrail,
    enforcement: 'observe' as const,
    scenarios: guardrail.scenarios.map((scenario) => ({ ...scenario, enforcement: 'observe' as const })),
  }));
  const summary = { passed: 0, failed: 0, indeterminate: 0, 'not-applicable': 0 };
  observed.forEach((guardrail) => (summary[guardrail.status] += 1));
  return {
    schemaVersion: 1,
    tool,
    plan: { path: `plans/${workload}.json`, formatVersion: '1.2', terraformVersion: '1.10.5' },
    workload,
    verdict: 'passed',
    onIndeterminate: 'fail',
    summary,
    guardrails: observed,
  };
}

const passingKms: GuardrailResult = {
  ...kmsGuardrail,
  status: 'passed',
  scenarios: kmsGuardrail.scenarios.map((scenario) => ({ ...scenario, status: 'passed', findings: [], steps: scenario.steps.map((step) => ({ ...step, status: 'passed' })) })),
  findings: [],
};

/** Two candidate guardrails over three workloads: one compliant, one failing and undecided, one that could not be fetched. */
export const observation: ObservationReport = {
  schemaVersion: 1,
  kind: 'observation',
  tool,
  guardrails: [
    {
      id: 'state-bucket-kms',
      title: kmsGuardrail.title,
      uri: kmsGuardrail.uri,
      totals: { passed: 1, failed: 1, indeterminate: 0, 'not-applicable': 0, error: 1 },
      promotable: false,
      blockingWorkloads: ['network', 'legacy-dns'],
    },
    {
      id: 'ci-oidc-sub',
      title: oidcGuardrail.title,
      uri: oidcGuardrail.uri,
      totals: { passed: 0, failed: 0, indeterminate: 1, 'not-applicable': 1, error: 1 },
      promotable: false,
      blockingWorkloads: ['network', 'legacy-dns'],
    },
  ],
  workloads: [
    {
      name: 'payments',
      origin: 'local',
      metadata: { plan: 'plans/payments.json' },
      status: 'evaluated',
      report: workloadReport('payments', [passingKms, { ...mfaGuardrail, id: 'ci-oidc-sub', title: oidcGuardrail.title, uri: oidcGuardrail.uri }]),
    },
    {
      name: 'network',
      origin: 'gitlab',
      metadata: { project: 'infra/network', ref: 'main', job: 'plan', pipeline: '4711' },
      status: 'evaluated',
      report: workloadReport('network', [kmsGuardrail, oidcGuardrail]),
    },
    {
      name: 'legacy-dns',
      origin: 'gitlab',
      metadata: { project: 'infra/legacy-dns', ref: 'main' },
      status: 'error',
      error: 'no successful pipeline with a tfplan.json artifact on ref main (job "plan")',
    },
  ],
  promotion: {
    promotable: false,
    blocking: [
      { guardrail: 'state-bucket-kms', workload: 'network', status: 'failed' },
      { guardrail: 'state-bucket-kms', workload: 'legacy-dns', status: 'error' },
      { guardrail: 'ci-oidc-sub', workload: 'network', status: 'indeterminate' },
      { guardrail: 'ci-oidc-sub', workload: 'legacy-dns', status: 'error' },
    ],
  },
};
