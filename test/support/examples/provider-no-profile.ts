/** Examples for `provider-no-profile`. */
import { OPENTOFU_1_10, TERRAFORM_1_4, ref, type ModuleCallSpec, type ProviderSpec, type ResourceSpec } from '../plan-builder.js';
import { AWS_PROVIDER, planOf, type ExampleCase } from './common.js';

const G = 'provider-no-profile';

const US_EAST_1: ProviderSpec = { name: 'aws', alias: 'us_east_1', args: { region: 'us-east-1' } };

/** A topic in us-east-1 through the aliased provider, where billing alarms must live. */
const BILLING_TOPIC: ResourceSpec = { type: 'aws_sns_topic', name: 'billing_alerts', action: 'create', provider: 'aws.us_east_1', args: { name: 'billing-alerts' } };
const MAIN_TOPIC: ResourceSpec = { type: 'aws_sns_topic', name: 'platform_alerts', action: 'create', args: { name: 'platform-alerts' } };

/** A disaster-recovery module that declares its own provider block (a legacy pattern that still works). */
const DR_MODULE: ModuleCallSpec = { path: ['dr'], source: './modules/dr-replica', inputs: { replica_region: 'eu-west-1' }, variables: { replica_region: {} } };
const drProvider = (extra: Record<string, string> = {}): ProviderSpec => ({ name: 'aws', module: ['dr'], args: { region: ref('var.replica_region'), ...extra } });
const DR_TOPIC: ResourceSpec = { type: 'aws_sns_topic', name: 'replica_alerts', module: ['dr'], action: 'create', provider: 'module.dr:aws', args: { name: 'replica-alerts' } };

const withArgs = (p: ProviderSpec, extra: ProviderSpec['args']): ProviderSpec => ({ ...p, args: { ...p.args, ...extra } });

export const providerNoProfileCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-root-and-aliased',
    description: 'The default and the aliased us_east_1 provider set only region and tags; credentials come from the web-identity chain.',
    status: 'passed',
    plan: planOf([MAIN_TOPIC, BILLING_TOPIC], { providers: [AWS_PROVIDER, US_EAST_1] }),
  },
  {
    guardrail: G,
    name: 'compliant-module-provider',
    description: 'A module declares its own aws provider with only a region taken from its input.',
    status: 'passed',
    plan: planOf([MAIN_TOPIC, DR_TOPIC], { tool: OPENTOFU_1_10, providers: [AWS_PROVIDER, drProvider()], modules: [DR_MODULE] }),
  },
  {
    guardrail: G,
    name: 'violating-root-profile',
    description: 'The default aws provider sets profile = "platform-admin", which short-circuits the credential chain before web identity.',
    status: 'failed',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], { providers: [withArgs(AWS_PROVIDER, { profile: 'platform-admin' })] }),
  },
  {
    guardrail: G,
    name: 'violating-aliased-profile',
    description: 'Only the aliased aws.us_east_1 provider sets a profile.',
    status: 'failed',
    findings: ['aws.us_east_1'],
    plan: planOf([MAIN_TOPIC, BILLING_TOPIC], { providers: [AWS_PROVIDER, withArgs(US_EAST_1, { profile: 'billing' })] }),
  },
  {
    guardrail: G,
    name: 'violating-module-profile',
    description: 'The provider block inside module.dr sets a profile.',
    status: 'failed',
    findings: ['module.dr:aws'],
    plan: planOf([MAIN_TOPIC, DR_TOPIC], { tool: OPENTOFU_1_10, providers: [AWS_PROVIDER, drProvider({ profile: 'dr-admin' })], modules: [DR_MODULE] }),
  },
  {
    guardrail: G,
    name: 'violating-profile-from-variable',
    description: 'profile is set from var.aws_profile: whatever the value, the setting is there.',
    status: 'failed',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], {
      providers: [withArgs(AWS_PROVIDER, { profile: ref('var.aws_profile') })],
      variables: { aws_profile: { value: 'infra-ci', default: 'infra-ci', description: 'Named profile for local runs' } },
    }),
  },
  {
    guardrail: G,
    name: 'compliant-null-profile-variable-alone',
    description: 'profile = var.aws_profile, which is null in CI: the sources show the setting is the variable alone, so no profile is set.',
    status: 'passed',
    plan: planOf([MAIN_TOPIC], {
      providers: [withArgs(AWS_PROVIDER, { profile: ref('var.aws_profile') })],
      variables: { aws_profile: { value: null, default: null, description: 'Named profile for local runs' } },
    }),
    sources: {},
  },
  {
    guardrail: G,
    name: 'indeterminate-null-profile-variable-without-sources',
    description:
      'profile is written with var.aws_profile, which is null; the plan shows only the reference, so without the .tf sources `var.aws_profile` cannot be told from `var.aws_profile == null ? "dev" : var.aws_profile`.',
    status: 'indeterminate',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], {
      providers: [withArgs(AWS_PROVIDER, { profile: ref('var.aws_profile') })],
      variables: { aws_profile: { value: null, default: null, description: 'Named profile for local runs' } },
    }),
  },
  {
    guardrail: G,
    name: 'violating-static-access-keys',
    description: 'access_key and secret_key come from variables: long-lived keys instead of OIDC.',
    status: 'failed',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], {
      tool: TERRAFORM_1_4,
      providers: [withArgs(AWS_PROVIDER, { access_key: ref('var.aws_access_key_id'), secret_key: ref('var.aws_secret_access_key') })],
      variables: {
        aws_access_key_id: { value: 'AKIAIOSFODNN7EXAMPLE', sensitive: true },
        aws_secret_access_key: { value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sensitive: true },
      },
    }),
  },
  {
    guardrail: G,
    name: 'violating-shared-credentials-files',
    description: 'shared_credentials_files points the provider at a credentials file.',
    status: 'failed',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], { providers: [withArgs(AWS_PROVIDER, { shared_credentials_files: ['/builds/.aws/credentials'] })] }),
  },
  {
    guardrail: G,
    name: 'violating-shared-config-files',
    description: 'shared_config_files points the provider at a config file of named profiles.',
    status: 'failed',
    findings: ['aws'],
    plan: planOf([MAIN_TOPIC], { providers: [withArgs(AWS_PROVIDER, { shared_config_files: ['/builds/.aws/config'] })] }),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-aws-provider',
    description: 'A plan that uses only the builtin terraform provider: no aws provider configuration at all.',
    status: 'not-applicable',
    plan: planOf(
      [{ type: 'terraform_data', name: 'release_marker', action: 'create', args: { input: 'v2.4.0' } }],
      { providers: [{ name: 'terraform', args: {} }] },
    ),
  },
];
