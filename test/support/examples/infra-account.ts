/**
 * The bundled example workload: a team's infrastructure account. Its state backend is already
 * bootstrapped (module.state_backend, unchanged); this plan adds the CI identity, the operator role,
 * the account baseline, the audit trail and alerting. Compliant with every enforced guardrail;
 * the observation-only `security-alerts` sees its GuardDuty rule forward severity 4 and up.
 */
import { writeSources } from '../hcl-writer.js';
import { buildPlan, planJson, ref, OPENTOFU_1_10, type ModuleCallSpec, type PlanSpec, type ResourceSpec } from '../plan-builder.js';
import { securityAlerts } from './alerts.js';
import { auditTrail } from './audit.js';
import { accountBaseline } from './account-baseline.js';
import { AWS_PROVIDER } from './common.js';
import { ciRole, operatorRole } from './iam.js';
import { existingKeyArn, stateStack } from './state-stack.js';

const STATE_BUCKET = 'acme-infra-tfstate';

const backendStack = stateStack({ action: 'no-op', module: 'state_backend', bucket: STATE_BUCKET });
const stateBackend: ModuleCallSpec = { ...(backendStack.modules[0] as ModuleCallSpec), inputs: { bucket_name: ref('var.state_bucket_name') } };

const fileFor = (r: ResourceSpec): ResourceSpec => {
  if (r.module?.length) return r;
  if (r.type.startsWith('aws_iam_account') || r.type === 'aws_s3_account_public_access_block' || r.type === 'aws_ebs_encryption_by_default') return { ...r, file: 'baseline.tf' };
  if (r.name === 'cloudtrail_logs' || r.type === 'aws_cloudtrail') return { ...r, file: 'audit.tf' };
  if (r.type.startsWith('aws_cloudwatch_event') || r.type === 'aws_sns_topic' || r.type.startsWith('aws_guardduty') || r.type.startsWith('aws_securityhub')) {
    return { ...r, file: 'alerts.tf' };
  }
  if (r.name === 'gitlab_ci' || r.name === 'gitlab') return { ...r, file: 'ci-identity.tf' };
  if (r.name.startsWith('infra_admin')) return { ...r, file: 'operators.tf' };
  return { ...r, file: r.mode === 'data' ? 'data.tf' : 'main.tf' };
};

// Billing metrics exist only in us-east-1, so their alert topic goes through the aliased provider.
const billingTopic: ResourceSpec = { type: 'aws_sns_topic', name: 'billing_alerts', action: 'create', provider: 'aws.us_east_1', args: { name: 'billing-alerts' } };

const detectors: ResourceSpec[] = [
  { type: 'aws_guardduty_detector', name: 'main', action: 'create', args: { enable: true } },
  { type: 'aws_securityhub_account', name: 'main', action: 'create', args: { enable_default_standards: true } },
];

/** The plan description of the workload. */
export function infraAccountPlan(): PlanSpec {
  const resources = [
    ...backendStack.resources,
    ...ciRole({ providerAction: 'no-op' }),
    ...operatorRole(),
    ...accountBaseline(),
    ...auditTrail({ stackAction: 'create', trailAction: 'create' }).resources,
    ...detectors,
    ...securityAlerts({ guardDutyMinSeverity: 4 }),
    billingTopic,
  ];
  return {
    tool: OPENTOFU_1_10,
    providers: [AWS_PROVIDER, { name: 'aws', alias: 'us_east_1', args: { region: 'us-east-1', default_tags: AWS_PROVIDER.args.default_tags ?? null } }],
    variables: { state_bucket_name: { value: STATE_BUCKET, default: STATE_BUCKET, description: 'Name of the bucket holding this account\'s state' } },
    modules: [stateBackend],
    resources: [...new Set(resources)].map(fileFor),
    timestamp: '2026-11-20T10:12:44Z',
  };
}

/** Files of `examples/infra-account/` except its README: relative path → content. */
export function infraAccountFiles(): Record<string, string> {
  const plan = infraAccountPlan();
  return {
    'tfplan.json': planJson(buildPlan(plan)),
    ...writeSources(plan, {
      requiredVersion: '>= 1.10.0',
      backend: {
        type: 's3',
        settings: {
          bucket: STATE_BUCKET,
          key: 'infra-account/terraform.tfstate',
          region: 'eu-central-1',
          encrypt: true,
          kms_key_id: existingKeyArn(),
          use_lockfile: true,
        },
      },
    }),
  };
}
