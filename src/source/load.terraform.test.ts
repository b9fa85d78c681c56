/**
 * Against a real binary: the config addresses read from sources must be the ones the plan uses
 * for the same resources. Needs `terraform` (or `tofu`) on PATH; only the builtin provider is used.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from './index.js';
import { availableUnlessCI } from '../../test/support/ci.js';

const run = promisify(execFile);

async function findBinary(): Promise<string | undefined> {
  for (const name of ['terraform', 'tofu']) {
    try {
      await run(name, ['version']);
      return name;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const binary = await findBinary();
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const files: Record<string, string> = {
  'main.tf': `resource "terraform_data" "x" {
  input = "root"
}

module "child" {
  source = "./modules/child"
}
`,
  'modules/child/main.tf': `resource "terraform_data" "x" {
  input = "child"

  lifecycle {
    prevent_destroy = true
  }
}

module "grand" {
  source = "./nested"
}
`,
  'modules/child/nested/main.tf': `resource "terraform_data" "y" {
  lifecycle {
    create_before_destroy = true
  }
}
`,
};

interface PlanJson {
  configuration: { root_module: { module_calls?: unknown } };
  resource_changes: { address: string }[];
}

describe.runIf(availableUnlessCI(binary !== undefined, 'a terraform or tofu binary'))(`loadSources against ${binary ?? 'terraform'} init/plan/show`, () => {
  it('maps lifecycles to the same config addresses as the plan', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'guardrails-source-tf-'));
    scratch.push(dir);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    const options = { cwd: dir, env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } };
    await run(binary!, ['init', '-input=false', '-no-color'], options);
    await run(binary!, ['plan', '-input=false', '-no-color', '-out=tfplan.cache'], options);
    const { stdout } = await run(binary!, ['show', '-json', 'tfplan.cache'], { ...options, maxBuffer: 64 * 1024 * 1024 });
    const plan = JSON.parse(stdout) as PlanJson;

    const model = await loadSources(dir, { moduleCalls: plan.configuration.root_module.module_calls });

    const planned = plan.resource_changes.map((change) => change.address).sort();
    expect(planned).toEqual(['module.child.module.grand.terraform_data.y', 'module.child.terraform_data.x', 'terraform_data.x']);
    expect([...model.declaredResources].sort()).toEqual(planned);
    expect(Object.fromEntries(model.lifecycles)).toEqual({
      'module.child.terraform_data.x': {
        preventDestroy: true,
        createBeforeDestroy: undefined,
        ignoreChanges: undefined,
        location: { file: 'modules/child/main.tf', line: 4 },
      },
      'module.child.module.grand.terraform_data.y': {
        preventDestroy: undefined,
        createBeforeDestroy: true,
        ignoreChanges: undefined,
        location: { file: 'modules/child/nested/main.tf', line: 2 },
      },
    });
    expect(model.modules.map((m) => [m.modulePath, m.dir])).toEqual([
      ['', '.'],
      ['module.child', 'modules/child'],
      ['module.child.module.grand', 'modules/child/nested'],
    ]);
  });
});
