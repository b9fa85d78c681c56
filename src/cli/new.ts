import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, GuardrailsError } from '../errors.js';
import { FINDING_PLACEHOLDER } from '../runner/expectation.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

/** The id rule of `@id:` tags (src/runner/validate.ts): the directory and file are named by it. */
const GUARDRAIL_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `guardrails new <id> [--dir DIR]`: scaffolds a guardrail, its feature and a compliant and a violating example. */
export const registerNewCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode) => {
  program
    .command('new')
    .description('Scaffold a guardrail: <dir>/<id>/<id>.feature (observed) with a compliant and a violating example to fill in.')
    .argument('<id>', 'the guardrail id: lower-case letters, digits, dots, dashes and underscores, e.g. s3-no-force-destroy')
    .option('--dir <dir>', 'the features directory to create it in', 'features')
    .action(async (id: string, flags: { dir: string }) => {
      setExitCode(await scaffoldGuardrail(id, flags.dir, io));
    });
};

async function scaffoldGuardrail(id: string, featuresDir: string, io: CliIO): Promise<number> {
  if (!GUARDRAIL_ID.test(id)) {
    throw new GuardrailsError('USAGE', `${JSON.stringify(id)} is not a guardrail id.`, {
      hint: 'An id is lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit, e.g. `s3-no-force-destroy`.',
    });
  }
  const root = path.resolve(io.cwd, featuresDir);
  const target = path.join(root, id);
  const shown = path.relative(io.cwd, target) || '.';
  if (await stat(target).then(() => true, () => false)) {
    throw new GuardrailsError('USAGE', `${shown} already exists; nothing was written.`, {
      hint: 'Choose another id, or remove the directory first.',
    });
  }
  const files = scaffoldFiles(id);
  // Written beside the target and renamed into place, so an interrupted run leaves no half guardrail.
  await mkdir(root, { recursive: true });
  const staging = await mkdtemp(path.join(root, `.${id}.new-`));
  try {
    for (const [relative, content] of Object.entries(files)) {
      await mkdir(path.join(staging, path.dirname(relative)), { recursive: true });
      await writeFile(path.join(staging, relative), content, { flag: 'wx' });
    }
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new GuardrailsError('USAGE', `${shown} already exists; nothing was written.`, { hint: 'Choose another id, or remove the directory first.' });
    }
    throw error;
  }
  for (const relative of Object.keys(files)) io.stdout.write(`created ${path.join(shown, relative)}\n`);
  io.stdout.write(
    [
      '',
      'Next:',
      `  1. Write the rule in ${path.join(shown, `${id}.feature`)} (\`guardrails steps\` lists the steps).`,
      '  2. Replace each example\'s tfplan.json with a plan that shows the case: `tofu show -json`, cut down with',
      '     `guardrails example --from-plan PLAN --keep ADDRESS... --out DIR`.',
      `  3. Name in ${path.join(shown, 'examples', 'violating', 'expect.yaml')} the address the guardrail must fail.`,
      `  4. Run \`guardrails test ${shown}\`: it fails until the violating example names a real finding.`,
      '',
    ].join('\n'),
  );
  return ExitCode.Clean;
}

/** The scaffold's files, relative to the guardrail's directory. */
export function scaffoldFiles(id: string): Record<string, string> {
  return {
    [`${id}.feature`]: [
      `@id:${id} @observe`,
      'Feature: TODO say in one line what this guardrail protects',
      '  TODO say why the rule exists; this text appears in every report. The guardrail starts',
      '  observed: it is reported and never blocks until it is promoted to enforced.',
      '',
      '  # Replace this example rule with yours: select, narrow, pivot, judge (docs/writing-guardrails.md).',
      '  Scenario: S3 buckets cannot be destroyed while they hold objects',
      '    Given the "aws_s3_bucket" resources',
      '    Then its "force_destroy" is false',
      '',
    ].join('\n'),
    'examples/compliant/tfplan.json': `${JSON.stringify(stubPlan(false), null, 2)}\n`,
    'examples/compliant/expect.yaml': [
      'description: TODO say what makes this plan compliant.',
      'status: passed',
      '',
    ].join('\n'),
    'examples/violating/tfplan.json': `${JSON.stringify(stubPlan(true), null, 2)}\n`,
    'examples/violating/expect.yaml': [
      'description: TODO say which rule this plan breaks.',
      'status: failed',
      'findings:',
      '  # `guardrails test` fails until this names the address the guardrail must fail.',
      `  - ${FINDING_PLACEHOLDER}`,
      '',
    ].join('\n'),
  };
}

/** A small plan in the shape of `tofu show -json`: one bucket, to be replaced by a real plan of the case. */
function stubPlan(forceDestroy: boolean): object {
  const values = { bucket: 'example-bucket', force_destroy: forceDestroy, tags: null };
  const address = 'aws_s3_bucket.example';
  const common = { address, mode: 'managed', type: 'aws_s3_bucket', name: 'example', provider_name: 'registry.opentofu.org/hashicorp/aws' };
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: { root_module: { resources: [{ ...common, schema_version: 0, values, sensitive_values: {} }] } },
    resource_changes: [
      {
        ...common,
        change: { actions: ['create'], before: null, after: values, after_unknown: { arn: true, id: true, tags_all: true }, before_sensitive: false, after_sensitive: {} },
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.opentofu.org/hashicorp/aws' } },
      root_module: {
        resources: [
          {
            address,
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'example',
            provider_config_key: 'aws',
            expressions: { bucket: { constant_value: 'example-bucket' }, force_destroy: { constant_value: forceDestroy } },
            schema_version: 0,
          },
        ],
      },
    },
    applyable: true,
    complete: true,
    errored: false,
  };
}
