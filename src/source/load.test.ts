import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isGuardrailsError, type GuardrailsError } from '../errors.js';
import { loadSources, writtenSymbol } from './index.js';
import type { Lifecycle, SourceModel } from './types.js';
import { corpusAvailable } from '../../test/support/ci.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lifecycleSources = path.resolve(repoRoot, '..', 'shared', 'corpus', 'generated', 'lifecycle', 'src');

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Writes a configuration tree (relative path → text) into a fresh temporary directory. */
async function writeTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guardrails-source-'));
  scratch.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

function lifecyclesOf(model: SourceModel): Record<string, Lifecycle> {
  return Object.fromEntries(model.lifecycles);
}

async function loadError(rootDir: string, moduleCalls?: unknown): Promise<GuardrailsError> {
  const error: unknown = await loadSources(rootDir, { moduleCalls }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

const none = { preventDestroy: undefined, createBeforeDestroy: undefined, ignoreChanges: undefined };

describe.runIf(corpusAvailable())('loadSources on the generated lifecycle corpus', () => {
  const common = ['config', 'rotator', 'cbd', 'replica', 'secret_holder', 'policy_doc', 'uses_data'];
  const cases = [
    { version: 'v1', extra: ['legacy', 'old_name', 'forget_me'], lines: { config: 38, cbd: 54 }, follower: undefined },
    { version: 'v2', extra: ['new_name'], lines: { config: 37, cbd: 53 }, follower: undefined },
    { version: 'v3', extra: ['new_name', 'follower'], lines: { config: 37, cbd: 53 }, follower: 144 },
    { version: 'v4', extra: ['new_name', 'follower'], lines: { config: 37, cbd: 53 }, follower: 144 },
  ];

  it.each(cases)('$version: lifecycles, resources, backend and modules as written', async ({ version, extra, lines, follower }) => {
    const model = await loadSources(path.join(lifecycleSources, version));

    expect(model.modules).toEqual([
      { modulePath: '', dir: '.', files: ['main.tf'] },
      { modulePath: 'module.bucket', dir: 'modules/bucket', files: ['modules/bucket/main.tf'] },
    ]);
    expect([...model.declaredResources].sort()).toEqual(
      [
        ...[...common, ...extra].map((name) => `terraform_data.${name}`),
        'module.bucket.terraform_data.bucket',
        'module.bucket.terraform_data.versioning',
      ].sort(),
    );
    const expected: Record<string, Lifecycle> = {
      'terraform_data.config': {
        preventDestroy: false,
        createBeforeDestroy: undefined,
        ignoreChanges: ['triggers_replace'],
        location: { file: 'main.tf', line: lines.config },
      },
      'terraform_data.cbd': { ...none, createBeforeDestroy: true, location: { file: 'main.tf', line: lines.cbd } },
      // a lifecycle block holding only a precondition
      'module.bucket.terraform_data.bucket': { ...none, location: { file: 'modules/bucket/main.tf', line: 16 } },
    };
    // replace_triggered_by only: the block is there, none of the three settings
    if (follower) expected['terraform_data.follower'] = { ...none, location: { file: 'main.tf', line: follower } };
    expect(lifecyclesOf(model)).toEqual(expected);
    expect(model.backend).toEqual({ type: 'local', settings: { path: 'terraform.tfstate' }, location: { file: 'main.tf', line: 3 } });
    expect(model.providers).toEqual([]);
    expect(model.rootDir).toBe(path.join(lifecycleSources, version));
  });
});

describe('loadSources on a configuration with an s3 backend, providers and nested modules', () => {
  const tree = {
    'main.tf': `terraform {
  required_version = ">= 1.10"
  backend "s3" {
    bucket       = "acme-tf-state"
    key          = "platform/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    kms_key_id   = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd"
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias   = "us"
  region  = "us-east-1"
  profile = "ci-admin"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/Deploy"
  }
}

resource "aws_kms_key" "state" {
  enable_key_rotation = true
  lifecycle {
    prevent_destroy = true
  }
}

module "state" {
  source  = "./modules/state"
  key_arn = aws_kms_key.state.arn
}
`,
    'modules/state/main.tf': `variable "key_arn" {}
variable "replica_region" {}

provider "aws" {
  alias  = "replica"
  region = var.replica_region
}

resource "aws_s3_bucket" "this" {
  bucket = "acme-tf-state"

  lifecycle {
    prevent_destroy = true
    ignore_changes  = all
  }
}

module "logs" {
  source = "../logs"
}
`,
    'modules/logs/main.tf': `resource "aws_s3_bucket" "log" {
  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags["owner"], tags_all]
    prevent_destroy       = "true"
  }
}
`,
    'modules/logs/versioning.tf.json': JSON.stringify({
      resource: { aws_s3_bucket_versioning: { log: { bucket: '${aws_s3_bucket.log.id}', lifecycle: { prevent_destroy: true } } } },
      provider: { aws: { region: 'eu-central-1' } },
    }),
    'README.md': 'not configuration',
  };

  it('reads every module, its lifecycles, the backend and every provider block', async () => {
    const root = await writeTree(tree);
    const model = await loadSources(root);

    expect(model.modules).toEqual([
      { modulePath: '', dir: '.', files: ['main.tf'] },
      { modulePath: 'module.state', dir: 'modules/state', files: ['modules/state/main.tf'] },
      {
        modulePath: 'module.state.module.logs',
        dir: 'modules/logs',
        files: ['modules/logs/main.tf', 'modules/logs/versioning.tf.json'],
      },
    ]);
    expect(model.backend).toEqual({
      type: 's3',
      settings: {
        bucket: 'acme-tf-state',
        key: 'platform/terraform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd',
        use_lockfile: true,
      },
      location: { file: 'main.tf', line: 3 },
    });
    expect(model.providers).toEqual([
      { name: 'aws', alias: undefined, modulePath: '', settings: { region: 'eu-west-1' }, location: { file: 'main.tf', line: 13 } },
      {
        name: 'aws',
        alias: 'us',
        modulePath: '',
        settings: { region: 'us-east-1', profile: 'ci-admin', assume_role: [{ role_arn: 'arn:aws:iam::111122223333:role/Deploy' }] },
        location: { file: 'main.tf', line: 17 },
      },
      {
        name: 'aws',
        alias: 'replica',
        modulePath: 'module.state',
        settings: { region: '${var.replica_region}' },
        location: { file: 'modules/state/main.tf', line: 4 },
      },
      {
        name: 'aws',
        alias: undefined,
        modulePath: 'module.state.module.logs',
        settings: { region: 'eu-central-1' },
        location: { file: 'modules/logs/versioning.tf.json' },
      },
    ]);
    expect(lifecyclesOf(model)).toEqual({
      'aws_kms_key.state': { ...none, preventDestroy: true, location: { file: 'main.tf', line: 28 } },
      'module.state.aws_s3_bucket.this': {
        ...none,
        preventDestroy: true,
        ignoreChanges: 'all',
        location: { file: 'modules/state/main.tf', line: 12 },
      },
      'module.state.module.logs.aws_s3_bucket.log': {
        preventDestroy: undefined,
        createBeforeDestroy: true,
        ignoreChanges: ['tags["owner"]', 'tags_all'],
        expressions: { prevent_destroy: '"true"' },
        location: { file: 'modules/logs/main.tf', line: 2 },
      },
      'module.state.module.logs.aws_s3_bucket_versioning.log': {
        ...none,
        preventDestroy: true,
        location: { file: 'modules/logs/versioning.tf.json' },
      },
    });
    expect([...model.declaredResources]).toEqual([
      'aws_kms_key.state',
      'module.state.aws_s3_bucket.this',
      'module.state.module.logs.aws_s3_bucket.log',
      'module.state.module.logs.aws_s3_bucket_versioning.log',
    ]);
  });

  it('resolves a relative root directory against the cwd option', async () => {
    const root = await writeTree(tree);
    const relative = await loadSources(path.basename(root), { cwd: path.dirname(root) });
    expect(relative.rootDir).toBe(path.basename(root));
    expect(relative.modules).toHaveLength(3);
  });
});

describe('loadSources with override files', () => {
  it('merges lifecycle and provider arguments and replaces the backend, as Terraform does', async () => {
    const root = await writeTree({
      'main.tf': `terraform {
  backend "local" {}
}
provider "aws" {
  region  = "eu-west-1"
  profile = "dev"
}
resource "aws_s3_bucket" "state" {
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags]
  }
}
`,
      'ci_override.tf': `terraform {
  backend "s3" {
    bucket = "state"
  }
}
provider "aws" {
  profile = null
}
resource "aws_s3_bucket" "state" {
  lifecycle {
    prevent_destroy = false
  }
}
`,
    });
    const model = await loadSources(root);
    expect(model.modules[0]?.files).toEqual(['ci_override.tf', 'main.tf']);
    expect(lifecyclesOf(model)).toEqual({
      'aws_s3_bucket.state': { ...none, preventDestroy: false, ignoreChanges: ['tags'], location: { file: 'ci_override.tf', line: 10 } },
    });
    expect(model.backend).toEqual({ type: 's3', settings: { bucket: 'state' }, location: { file: 'ci_override.tf', line: 2 } });
    expect(model.providers).toEqual([
      { name: 'aws', alias: undefined, modulePath: '', settings: { region: 'eu-west-1', profile: null }, location: { file: 'ci_override.tf', line: 6 } },
    ]);
  });
});

describe('loadSources with modules installed by init', () => {
  const manifest = {
    Modules: [
      { Key: '', Source: '', Dir: '.' },
      { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Version: '5.0.0', Dir: '.terraform/modules/vpc' },
      { Key: 'vpc.flow_log', Source: './modules/flow-log', Dir: '.terraform/modules/vpc/modules/flow-log' },
    ],
  };
  const tree = {
    'main.tf': `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
`,
    '.terraform/modules/modules.json': JSON.stringify(manifest),
    '.terraform/modules/vpc/main.tf': `resource "aws_vpc" "this" {
  lifecycle {
    prevent_destroy = true
  }
}
module "flow_log" {
  source = "./modules/flow-log"
}
`,
    '.terraform/modules/vpc/modules/flow-log/main.tf': `resource "aws_flow_log" "this" {}
`,
  };

  it('finds a registry module through modules.json and its local child relative to it', async () => {
    const root = await writeTree(tree);
    const model = await loadSources(root);
    expect(model.modules).toEqual([
      { modulePath: '', dir: '.', files: ['main.tf'] },
      { modulePath: 'module.vpc', dir: '.terraform/modules/vpc', files: ['.terraform/modules/vpc/main.tf'] },
      {
        modulePath: 'module.vpc.module.flow_log',
        dir: '.terraform/modules/vpc/modules/flow-log',
        files: ['.terraform/modules/vpc/modules/flow-log/main.tf'],
      },
    ]);
    expect(lifecyclesOf(model)).toEqual({
      'module.vpc.aws_vpc.this': { ...none, preventDestroy: true, location: { file: '.terraform/modules/vpc/main.tf', line: 2 } },
    });
    expect([...model.declaredResources]).toEqual(['module.vpc.aws_vpc.this', 'module.vpc.module.flow_log.aws_flow_log.this']);
  });

  it('fails with SOURCE_MISSING naming the call and its source when init has not installed it', async () => {
    const root = await writeTree({ ...tree, '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }] }) });
    const error = await loadError(root);
    expect(error.code).toBe('SOURCE_MISSING');
    expect(error.file).toBe(path.join(root, 'main.tf'));
    expect(error.message).toContain('module "vpc" (module.vpc) has source "terraform-aws-modules/vpc/aws"');
    expect(error.message).toContain('has no entry "vpc"');
    expect(error.hint).toContain('tofu init');
  });

  it('fails with SOURCE_MISSING when there is no manifest at all', async () => {
    const root = await writeTree({ 'main.tf': tree['main.tf'] });
    const error = await loadError(root);
    expect(error.code).toBe('SOURCE_MISSING');
    expect(error.message).toContain(`there is no ${path.join(root, '.terraform', 'modules', 'modules.json')}`);
  });

  it('fails with SOURCE_INVALID on a manifest that is not one', async () => {
    const root = await writeTree({ ...tree, '.terraform/modules/modules.json': '{"Modules": {}}' });
    const error = await loadError(root);
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.file).toBe(path.join(root, '.terraform', 'modules', 'modules.json'));
  });
});

describe('loadSources with the plan\'s module calls', () => {
  it('reads a module call the plan records even when no module block names it', async () => {
    const root = await writeTree({
      'main.tf': 'resource "terraform_data" "root" {}\n',
      'modules/extra/main.tf': 'resource "terraform_data" "x" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
    });
    const moduleCalls = { extra: { source: './modules/extra', module: { resources: [] } } };
    const model = await loadSources(root, { moduleCalls });
    expect(model.modules.map((m) => [m.modulePath, m.dir])).toEqual([
      ['', '.'],
      ['module.extra', 'modules/extra'],
    ]);
    expect(lifecyclesOf(model)['module.extra.terraform_data.x']?.preventDestroy).toBe(true);
  });

  it('ignores module calls that are not an object', async () => {
    const root = await writeTree({ 'main.tf': 'resource "terraform_data" "root" {}\n' });
    const model = await loadSources(root, { moduleCalls: ['not', 'calls'] });
    expect(model.modules).toHaveLength(1);
  });
});

describe('loadSources errors', () => {
  it.each<[string, () => Promise<[string, unknown?]>, string, string, string]>([
    ['a missing directory', async () => [path.join(await writeTree({}), 'nope')], 'SOURCE_MISSING', 'does not exist', '--source DIR'],
    ['a directory without .tf files', async () => [await writeTree({ 'README.md': '# x' })], 'SOURCE_MISSING', 'no .tf or .tf.json files', '--source DIR'],
    ['a file instead of a directory', async () => [path.join(await writeTree({ 'main.tf': '' }), 'main.tf')], 'SOURCE_MISSING', 'is not a directory', '--source DIR'],
    [
      'a local module whose directory is missing',
      async () => [await writeTree({ 'main.tf': 'module "gone" {\n  source = "./modules/gone"\n}\n' })],
      'SOURCE_MISSING',
      'the directory of module.gone (source "./modules/gone") does not exist',
      '--source DIR',
    ],
    [
      'a module that calls itself',
      async () => [await writeTree({ 'main.tf': 'module "loop" {\n  source = "./"\n}\n' })],
      'SOURCE_INVALID',
      'module.loop (source "./") calls a module that is already being read',
      'cannot call itself',
    ],
  ])('%s', async (_name, arrange, code, message, hint) => {
    const [root] = await arrange();
    const error = await loadError(root);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.hint).toContain(hint);
    expect(error.toUserMessage()).not.toMatch(/\n\s+at /);
  });

  it('names the file and line of a syntax error', async () => {
    const root = await writeTree({
      'main.tf': 'resource "terraform_data" "ok" {}\n',
      'modules/broken/bad.tf': 'resource "terraform_data" "x" {\n  input = \n}\n',
      'use.tf': 'module "broken" {\n  source = "./modules/broken"\n}\n',
    });
    const error = await loadError(root);
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.file).toBe(path.join(root, 'modules', 'broken', 'bad.tf'));
    expect(error.message).toMatch(/^line 2, column 3: not valid HCL: /);
    expect(error.hint).toContain('tofu validate');
  });

  it('names a .tf.json file that is not JSON', async () => {
    const root = await writeTree({ 'main.tf.json': '{"resource": ' });
    const error = await loadError(root);
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.file).toBe(path.join(root, 'main.tf.json'));
    expect(error.message).toContain('not valid JSON');
  });
});

describe('policies written as jsonencode', () => {
  it('are evaluated per config address, in modules too, an override replacing them', async () => {
    const dir = await writeTree({
      'main.tf': `module "app" {\n  source = "./app"\n}\nresource "aws_iam_policy" "a" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = aws_s3_bucket.b.arn }] })\n}\nresource "aws_iam_policy" "b" {\n  policy = jsonencode({ Statement = [] })\n}\nresource "aws_iam_policy" "c" {\n  policy = data.aws_iam_policy_document.d.json\n}\n`,
      'override.tf': `resource "aws_iam_policy" "b" {\n  policy = file("p.json")\n}\n`,
      'app/main.tf': `resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = var.statements })\n}\n`,
    });
    const model = await loadSources(dir);
    const encoded = Object.fromEntries([...(model.encodedPolicies ?? [])].map(([address, attributes]) => [address, Object.fromEntries(attributes)]));
    expect(encoded).toEqual({
      'aws_iam_policy.a': { policy: { ok: true, value: { Statement: [{ Effect: 'Allow', Action: '*', Resource: writtenSymbol('aws_s3_bucket.b.arn') }] } } },
      'module.app.aws_iam_role.r': { assume_role_policy: { ok: false, reason: 'it refers to a variable (`var.statements`)' } },
    });
  });
});
