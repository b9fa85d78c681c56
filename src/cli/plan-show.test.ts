import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';
import { BufferSink, type CliIO } from './io.js';
import { corpusDir } from '../../test/plan/plans.js';
import { corpusAvailable } from '../../test/support/ci.js';

async function run(args: readonly string[], stdinText = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { cwd: corpusDir, env: {}, stdout, stderr, stdin: Readable.from([stdinText]), stderrIsTTY: false };
  const code = await runCli(args, io);
  return { code, out: stdout.text, err: stderr.text };
}

const lifecycle02 = 'generated/lifecycle/02-update-replace-delete-moved-forget-countshrink.json';

describe.runIf(corpusAvailable())('guardrails plan show', () => {
  it('prints the whole summary of a lifecycle plan', async () => {
    const { code, out, err } = await run(['plan', 'show', lifecycle02]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(
      [
        `Plan                 ${lifecycle02}`,
        'Format version       1.2',
        'Tool                 terraform 1.11.4',
        'Resource instances   16',
        'Unknown attributes   5 (known only after apply)',
        'Data sources read    1',
        '',
        'Changes',
        '  create    0',
        '  update    1',
        '  replace   2',
        '  delete    3',
        '  read      0',
        '  no-op     9',
        '  forget    1',
        '',
        'Resource types',
        '  terraform_data           15   update 1, replace 2, delete 3, no-op 8, forget 1',
        '  terraform_remote_state    1   no-op 1',
        '',
        'Modules',
        '  module.bucket["audit"]   ./modules/bucket   1 resource',
        '  module.bucket["logs"]    ./modules/bucket   2 resources',
        '',
        'Providers',
        '  terraform  (terraform.io/builtin/terraform)',
        '      (no settings)',
        '',
      ].join('\n'),
    );
  });

  it('shows provider settings, hides credentials, and names the tool', async () => {
    const { code, out } = await run(['plan', 'show', 'plans/checkov/plan_with_providers__tfplan.json']);
    expect(code).toBe(0);
    expect(out).toContain(
      [
        'Providers',
        '  aws  (registry.terraform.io/hashicorp/aws)',
        '      region = "us-east-1"',
        '  aws.ohio  (registry.terraform.io/hashicorp/aws)',
        '      access_key = (set; credential, not shown)',
        '      region     = "us-east-2"',
      ].join('\n'),
    );
    expect(out).not.toMatch(/AKIA|access_key = "/);
    const tofu = await run(['plan', 'show', 'plans/opentofu-show/show-json__provider-aliasing__output.json']);
    expect(tofu.out).toContain('Tool                 opentofu 1.1.0-dev');
    expect(tofu.out).toContain('  module.child.module.grandchild     ./nested   2 resources');
  });

  it('prints the documented JSON document with --json', async () => {
    const { code, out } = await run(['plan', 'show', '--json', 'plans/opentofu-show/show-json__provider-aliasing__output.json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as Record<string, unknown>;
    expect(summary).toEqual({
      plan: 'plans/opentofu-show/show-json__provider-aliasing__output.json',
      formatVersion: '1.0',
      terraformVersion: '1.1.0-dev',
      tool: 'opentofu',
      resourceInstances: 10,
      changes: { create: 10, update: 0, replace: 0, delete: 0, read: 0, 'no-op': 0, forget: 0 },
      types: [{ type: 'test_instance', count: 10, changes: { create: 10 } }],
      modules: [
        { address: 'module.child', source: './child', resources: 2 },
        { address: 'module.child.module.grandchild', source: './nested', resources: 2 },
        { address: 'module.sibling', source: './child', resources: 2 },
        { address: 'module.sibling.module.grandchild', source: './nested', resources: 2 },
      ],
      providers: [
        { key: 'test', name: 'test', fullName: 'registry.opentofu.org/hashicorp/test', alias: null, module: '', settings: { region: { constant: 'somewhere' } } },
        {
          key: 'test.backup',
          name: 'test',
          fullName: 'registry.opentofu.org/hashicorp/test',
          alias: 'backup',
          module: '',
          settings: { region: { constant: 'elsewhere' } },
        },
      ],
      unknownAttributes: 10,
      dataSourcesRead: 0,
    });
  });

  it('shows references as references and counts reads in --json', async () => {
    const { out } = await run(['plan', 'show', '--json', 'plans/terraform-json/basic__plan.json']);
    const summary = JSON.parse(out) as { changes: Record<string, number>; dataSourcesRead: number; terraformVersion: string };
    expect(summary.changes).toMatchObject({ create: 7, read: 1 });
    expect(summary.dataSourcesRead).toBe(1);
    const withReferences = await run(['plan', 'show', '--json', 'plans/infracost/terraform_v0.14_plan.json']);
    const providers = (JSON.parse(withReferences.out) as { providers: { key: string; settings: Record<string, unknown> }[] }).providers;
    const settings = providers.flatMap((provider) => Object.values(provider.settings));
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) expect(Object.keys(setting as object)).toHaveLength(1);
  });

  it('reads the plan from stdin with -', async () => {
    const text = fs.readFileSync(path.join(corpusDir, lifecycle02), 'utf8');
    const { code, out } = await run(['plan', 'show', '--json', '-'], text);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ resourceInstances: 16, dataSourcesRead: 1 });
  });

  it.each([
    ['a missing file', ['plan', 'show', 'no-such-plan.json'], 'no-such-plan.json'],
    ['text that is not JSON', ['plan', 'show', 'plans/_negative/terraform-json__invalid__plan.json'], 'terraform-json__invalid__plan.json'],
    ['an errored plan', ['plan', 'show', 'generated/misc-errored-plan/plan.json'], 'misc-errored-plan'],
  ])('exits 2 with one paragraph and no stack for %s', async (_what, args, named) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^error: /);
    expect(err).toContain(named);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when the plan argument is missing', async () => {
    const { code, err } = await run(['plan', 'show']);
    expect(code).toBe(2);
    expect(err).toContain("missing required argument 'plan'");
  });
});
