// The OpenTofu path under gitlab-ci-local: a plan job that leaves a binary plan.cache and GitLab's
// plan report (plan.json), as GitLab's OpenTofu component does, and two gates: one on plan.cache
// with the binary in its job (init in before_script, as docs/gitlab.md shows), one on plan.json.
// The test machine's terraform stands in for tofu (the CLI falls back to it); downloading tofu in
// the job needs the network and is not exercised.
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { availableUnlessCI } from '../support/ci.js';
import { findOnPath } from '../support/terraform-fixture.js';
import { repoRoot } from './ci-config.js';
import { commitAll, missingTool, removeDirectory, runGitlabCiLocal, temporaryDirectory, type PipelineRun } from './gitlab-ci-local.js';

const missing = missingTool();
if (missing && process.env.CI) throw new Error(`OpenTofu pipeline tests cannot run on CI: ${missing}`);
const terraform = missing === undefined && availableUnlessCI(findOnPath('terraform') !== undefined, 'the terraform binary');

const mainTf = `resource "terraform_data" "state_bucket" {
  input = { bucket = "example-tfstate" }
  lifecycle {
    prevent_destroy = true
  }
}
`;

/** What gitlab-tofu writes for artifacts:reports:terraform: the counts of the plan's changes. */
const planReport = `node -e '
const plan = JSON.parse(require("fs").readFileSync(0, "utf8"));
const count = (action) => (plan.resource_changes || []).filter((c) => c.change.actions.includes(action)).length;
console.log(JSON.stringify({ create: count("create"), update: count("update"), delete: count("delete") }));'`;

const gateInputs = (jobName: string, plan: string): Record<string, unknown> => ({
  job_name: jobName,
  stage: 'compliance',
  plan_job: 'plan',
  plan,
  guardrails_command: `node ${path.join(repoRoot, 'bin', 'guardrails.js')}`,
  rules: [{ when: 'on_success' }],
});

describe.skipIf(!terraform)(`the OpenTofu component's artifacts under gitlab-ci-local${terraform ? '' : ` (skipped: ${missing ?? 'terraform is not installed'})`}`, () => {
  let workload: string;
  let run: PipelineRun;
  beforeAll(async () => {
    workload = await temporaryDirectory('guardrails-opentofu-');
    await cp(path.join(repoRoot, 'templates', 'compliance-gate.yml'), path.join(workload, 'templates', 'compliance-gate.yml'));
    await writeFile(path.join(workload, 'main.tf'), mainTf);
    await writeFile(path.join(workload, '.gitlab-ci.yml'), '');
    const sha = commitAll(workload, 'https://gitlab.example.com/demo/opentofu.git');
    const component = `gitlab.example.com/demo/opentofu/compliance-gate@${sha}`;
    const pipeline = {
      stages: ['plan', 'compliance'],
      include: [
        { component, inputs: gateInputs('compliance-gate', 'plan.cache') },
        { component, inputs: gateInputs('gate-on-report', 'plan.json') },
      ],
      plan: {
        stage: 'plan',
        rules: [{ when: 'on_success' }],
        script: ['terraform init -input=false', 'terraform plan -input=false -out=plan.cache', `terraform show -json plan.cache | ${planReport} > plan.json`],
        artifacts: { paths: ['plan.cache', 'plan.json'], reports: { terraform: 'plan.json' } },
      },
      // As docs/gitlab.md extends the gate for a binary plan: the providers, without the backend.
      'compliance-gate': { before_script: ['terraform init -input=false -backend=false'] },
    };
    // Written after the commit, as prepareWorkload does: gitlab-ci-local reads the working tree.
    await writeFile(path.join(workload, '.gitlab-ci.yml'), stringify(pipeline));
    run = await runGitlabCiLocal(workload, ['--shell-isolation', '--variable', 'TF_IN_AUTOMATION=1', '--variable', 'CHECKPOINT_DISABLE=1']);
  }, 600_000);
  afterAll(async () => {
    if (workload) await removeDirectory(workload);
  });

  it('checks the binary plan.cache, rendered with show -json in the gate job', () => {
    expect(run.status, run.output).toMatchObject({ plan: 'PASS', 'compliance-gate': 'PASS' });
    const report = JSON.parse(readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'guardrails.json'), 'utf8')) as { verdict: string };
    expect(report.verdict).toBe('passed');
  });

  it('refuses plan.json, GitLab\'s plan report, saying what it is and the line to add (exit 2)', () => {
    expect(run.status['gate-on-report'], run.output).toBe('FAIL');
    expect(run.output).toMatch(/gate-on-report finished in .* FAIL 2/);
    expect(run.output).toMatch(/plan\.json.*is GitLab's plan report \(create: 1, update: 0, delete: 0\)/);
    expect(run.output).toContain('gitlab-tofu show -json plan.cache > tfplan.json');
  });
});
