import { describe, expect, it } from 'vitest';
import { modelOf, planWith, rawPlan, type RawProvider, type RawResource } from '../../test/support/raw-plan.js';
import { selectByAddress } from './select.js';
import { checkSupportsTags, checkTagOneOf, checkTagged, effectiveTags } from './tags.js';

const aws = (expressions: Record<string, unknown> = { region: { constant_value: 'eu-central-1' } }): RawProvider => ({ key: 'aws', name: 'aws', expressions });
const withDefaults = (tags: unknown) => aws({ region: { constant_value: 'eu-central-1' }, default_tags: [{ tags }] });

/** A bucket with known tags and, unless given, tags_all known only after apply. */
const bucket = (tags: unknown, tagsAll?: Record<string, string>, unknown: Record<string, unknown> = {}): RawResource => ({
  address: 'aws_s3_bucket.logs',
  values: { bucket: 'logs', tags, ...(tagsAll ? { tags_all: tagsAll } : { tags_all: null }) },
  unknown: { id: true, ...(tagsAll ? {} : { tags_all: true }), ...unknown },
  expressions: { bucket: { constant_value: 'logs' } },
});

function tagged(resources: RawResource[], providers: RawProvider[], key: string) {
  const model = planWith(resources, providers);
  return checkTagged(model, selectByAddress(model, resources[0]!.address)[0]!, key);
}

describe('it is tagged: tags_all known', () => {
  it.each([
    [{ Owner: 'platform' }, 'passed'],
    [{ Name: 'logs' }, 'failed'],
    [{ Owner: '' }, 'failed'],
    [{}, 'failed'],
  ])('tags_all %j: %s', (tagsAll, expected) => {
    expect(tagged([bucket(null, tagsAll)], [aws()], 'Owner').status).toBe(expected);
  });

  it('names what is there when the tag is missing', () => {
    expect(tagged([bucket(null, { Name: 'logs', env: 'dev' })], [aws()], 'Owner')).toMatchObject({
      status: 'failed',
      path: 'tags_all["Owner"]',
      message: 'aws_s3_bucket.logs: tags_all["Owner"] is not set; expected a tag "Owner"',
      actual: 'tags "Name", "env"',
    });
  });

  it('one tag value known only after apply is indeterminate', () => {
    const resource = { ...bucket(null, { Name: 'logs' }), unknown: { id: true, tags_all: { Owner: true } } };
    expect(tagged([resource], [aws()], 'Owner')).toMatchObject({ status: 'indeterminate', path: 'tags_all["Owner"]' });
  });
});

describe('tags_all known only after apply: decided from default_tags and tags', () => {
  it('a literal default tag counts', () => {
    expect(tagged([bucket(null)], [withDefaults({ constant_value: { Owner: 'platform' } })], 'Owner')).toMatchObject({
      status: 'passed',
      message: 'aws_s3_bucket.logs: tags_all["Owner"] is "platform" (tags_all decided from the aws provider\'s default_tags and tags)',
    });
  });

  it('a resource tag overrides the default one', () => {
    const model = planWith([bucket({ Environment: 'prod' })], [withDefaults({ constant_value: { Environment: 'dev' } })]);
    const subject = selectByAddress(model, 'aws_s3_bucket.logs')[0]!;
    expect(checkTagOneOf(model, subject, 'Environment', ['prod']).status).toBe('passed');
    expect(checkTagOneOf(model, subject, 'Environment', ['dev']).status).toBe('failed');
  });

  it('no aws provider block at all (older plans list only blocks that exist): the resource tags decide', () => {
    expect(tagged([bucket({ Owner: 'platform' })], [], 'Owner')).toMatchObject({
      status: 'passed',
      message: 'aws_s3_bucket.logs: tags_all["Owner"] is "platform" (tags_all decided from tags, with no aws provider block to add default_tags)',
    });
  });

  it('no default_tags block: the resource tags alone decide', () => {
    expect(tagged([bucket({ Owner: 'platform' })], [aws()], 'Owner').status).toBe('passed');
    expect(tagged([bucket({ Name: 'logs' })], [aws()], 'Owner')).toMatchObject({
      status: 'failed',
      message: 'aws_s3_bucket.logs: tags_all["Owner"] is not set (tags_all decided from the aws provider\'s default_tags and tags); expected a tag "Owner"',
    });
  });

  it.each([
    ['default_tags from a variable (the plan shows only what it references)', [bucket({ Owner: 'x' })], [withDefaults({ references: ['var.default_tags'] })]],
    ['default_tags from a function call', [bucket({})], [withDefaults({})]],
    ['tags known only after apply', [bucket(null, undefined, { tags: true })], [aws()]],
    ['the provider sets ignore_tags', [bucket({ Owner: 'x' })], [aws({ ignore_tags: [{ keys: { constant_value: ['Owner'] } }] })]],
    ['the resource has no configuration to place it under a provider', [{ ...bucket({ Owner: 'x' }), expressions: undefined }], []],
    ['its provider block is not in the plan while another aws block is', [bucket({ Owner: 'x' })], [{ key: 'aws.west', name: 'aws', alias: 'west' }]],
    ['another provider', [bucket({ Owner: 'x' })], [{ key: 'aws', name: 'awscc' }]],
  ])('indeterminate when %s', (_name, resources, providers) => {
    expect(tagged(resources, providers, 'Owner').status).toBe('indeterminate');
  });

  it('an empty resource tag over a non-empty default is indeterminate (provider versions differ)', () => {
    expect(tagged([bucket({ Owner: '' })], [withDefaults({ constant_value: { Owner: 'platform' } })], 'Owner').status).toBe('indeterminate');
  });

  it('an unknown resource tag value stays unknown, the others decide', () => {
    const resource = bucket({ Name: 'logs' }, undefined, { tags: { Owner: true } });
    expect(tagged([resource], [aws()], 'Owner').status).toBe('indeterminate');
    expect(tagged([resource], [aws()], 'Name').status).toBe('passed');
  });

  it('a module inherits the default tags of the root provider', () => {
    const raw = rawPlan({ resources: [], providers: [withDefaults({ constant_value: { Owner: 'platform' } })] }) as Record<string, unknown>;
    raw.resource_changes = [
      {
        address: 'module.logs.aws_s3_bucket.this',
        module_address: 'module.logs',
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'this',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: { bucket: 'logs', tags: null }, after_unknown: { tags_all: true }, before_sensitive: false, after_sensitive: {} },
      },
    ];
    const configuration = raw.configuration as { root_module: Record<string, unknown>; provider_config: Record<string, unknown> };
    configuration.root_module.module_calls = {
      logs: { source: './logs', module: { resources: [{ address: 'aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', provider_config_key: 'module.logs:aws', expressions: {} }] } },
    };
    configuration.provider_config['module.logs:aws'] = { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', module_address: 'module.logs' };
    const model = modelOf(raw as Parameters<typeof modelOf>[0]);
    const [subject] = selectByAddress(model, 'module.logs.aws_s3_bucket.this');
    expect(checkTagged(model, subject!, 'Owner').status).toBe('passed');
  });
});

describe('types without tags_all', () => {
  const group: RawResource = { address: 'aws_autoscaling_group.web', values: { name: 'web', tags: { Owner: 'x' } } };

  it('read their tags', () => {
    expect(tagged([group], [withDefaults({ constant_value: { Team: 't' } })], 'Owner').status).toBe('passed');
    expect(tagged([group], [withDefaults({ constant_value: { Team: 't' } })], 'Team')).toMatchObject({ status: 'failed', path: 'tags["Team"]' });
  });

  it('a resource with no tags attribute fails: it cannot carry the tag', () => {
    expect(tagged([{ address: 'aws_iam_role_policy.p', values: { name: 'p', policy: '{}' } }], [aws()], 'Owner')).toMatchObject({
      status: 'failed',
      message: 'aws_iam_role_policy.p: has no tags attribute, so it cannot carry tags; expected a tag "Owner"',
    });
  });
});

describe('supports tags', () => {
  const supports = (resource: RawResource) => {
    const model = planWith([resource]);
    return checkSupportsTags(selectByAddress(model, resource.address)[0]!).status;
  };

  it.each([
    [{ address: 'aws_s3_bucket.a', values: { bucket: 'a', tags: null, tags_all: null } }, 'passed'],
    [{ address: 'aws_s3_bucket.a', values: { bucket: 'a' }, unknown: { tags_all: true } }, 'passed'],
    [{ address: 'aws_iam_role_policy.p', values: { name: 'p', policy: '{}' } }, 'failed'],
    [{ address: 'aws_s3_bucket.a', values: {}, unknown: true }, 'indeterminate'],
    [{ address: 'aws_s3_bucket.a', values: {} }, 'indeterminate'],
  ] as const)('%j: %s', (resource, expected) => {
    expect(supports(resource)).toBe(expected);
  });

  it.each([
    ['registry.terraform.io/hashicorp/google', 'failed'],
    ['registry.terraform.io/hashicorp/azurerm', 'failed'],
    ['registry.opentofu.org/hashicorp/aws', 'passed'],
    ['aws', 'passed'],
  ] as const)('a resource with only tags, of provider %s: %s (only AWS tags are key/value tags with default_tags)', (providerName, expected) => {
    const raw = rawPlan({ resources: [{ address: 'google_compute_instance.vm', values: { name: 'vm', tags: ['ssh'] } }] });
    const changes = raw.resource_changes as Array<Record<string, unknown>>;
    changes[0]!.provider_name = providerName;
    const model = modelOf(raw);
    expect(checkSupportsTags(selectByAddress(model, 'google_compute_instance.vm')[0]!).status).toBe(expected);
  });

  it('effectiveTags of a resource without values is unknown, never empty', () => {
    const model = planWith([{ address: 'aws_s3_bucket.a', values: {} }], [aws()]);
    expect(effectiveTags(model, model.resources[0]!).state).toBe('unknown');
  });
});
