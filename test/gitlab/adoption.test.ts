// Adoption as docs/gitlab.md describes it: a separate workload repository whose .gitlab-ci.yml is
// the documented pipeline, installing the gate from the packed package, run under gitlab-ci-local.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startFakeNotesGitLab, noteToken, type FakeNotesGitLab } from '../comment/notes-server.js';
import { availableUnlessCI } from '../support/ci.js';
import { repoRoot } from './ci-config.js';
import { commitAll, missingTool, removeDirectory, runGitlabCiLocal, temporaryDirectory, type PipelineRun } from './gitlab-ci-local.js';
import { packFromCleanCopy } from './package.js';

/** A bundled example whose enforced guardrail fails inside a module: its .tf sources and its plan. */
const fixture = path.join(repoRoot, 'features', 'state-bucket-prevent-destroy', 'examples', 'violating-module-bucket-prevent-destroy-false');
const sastSchema = path.join(repoRoot, 'test', 'report', 'gitlab', 'sast-report.schema.json');

/** The workload pipeline of docs/gitlab.md, as a user copies it. */
function documentedPipeline(): Record<string, unknown> {
  const docs = readFileSync(path.join(repoRoot, 'docs', 'gitlab.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## The compliance gate in a workload pipeline'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('docs/gitlab.md shows no workload pipeline');
  return parse(block) as Record<string, unknown>;
}

interface Include {
  component: string;
  inputs: Record<string, unknown>;
}

/**
 * The workload repository: the fixture's .tf files at its root, the documented pipeline and the
 * waivers file it names. What a test cannot do as a user would is changed, and only that:
 * gitlab-ci-local resolves `include: component:` offline only from the same project at the current
 * commit (so the component is copied to templates/ and the address points there), there is no
 * OpenTofu and no cloud (so the plan job copies the bundled plan), and the package is the packed
 * tarball (the `guardrails_package` input the docs name for one). `comment: true` as documented.
 */
async function prepareDocumentedWorkload(tarball: string): Promise<string> {
  const dir = await temporaryDirectory('guardrails-adoption-');
  await cp(fixture, dir, { recursive: true, filter: (source) => !['tfplan.json', 'expect.yaml'].includes(path.basename(source)) });
  await mkdir(path.join(dir, 'plans'));
  await cp(path.join(fixture, 'tfplan.json'), path.join(dir, 'plans', 'tfplan.json'));
  await mkdir(path.join(dir, 'templates'));
  await cp(path.join(repoRoot, 'templates', 'compliance-gate.yml'), path.join(dir, 'templates', 'compliance-gate.yml'));
  const pipeline = documentedPipeline();
  const gate = (pipeline.include as Include[])[0] as Include;
  expect(gate.component).toMatch(/^\$CI_SERVER_FQDN\/security\/tofu-guardrails\/compliance-gate@\d+\.\d+\.\d+$/);
  const waivers = gate.inputs.waivers;
  if (typeof waivers === 'string') await writeFile(path.join(dir, waivers), 'waivers: []\n');
  const sha = commitAll(dir, 'https://gitlab.example.com/demo/payments.git');
  gate.component = `gitlab.example.com/demo/payments/compliance-gate@${sha}`;
  gate.inputs = { ...gate.inputs, guardrails_package: tarball, comment: true };
  const plan = pipeline['tofu-plan'] as Record<string, unknown>;
  plan.script = ['cp plans/tfplan.json tfplan.json'];
  plan.artifacts = { paths: ['tfplan.json'] };
  await writeFile(path.join(dir, '.gitlab-ci.yml'), stringify(pipeline));
  return dir;
}

interface CodeQualityIssue {
  check_name: string;
  location: { path: string; lines: { begin: number } };
}

const missing =
  missingTool() ?? (spawnSync('npm', ['--version']).status === 0 ? undefined : 'npm is not installed');

describe.runIf(availableUnlessCI(missing === undefined, `one of gitlab-ci-local, rsync, git and npm (${missing})`))('a workload repository adopting the gate as docs/gitlab.md says', () => {
  let work: string;
  let workload: string;
  let notes: FakeNotesGitLab;
  let run: PipelineRun;
  const report = (file: string): string => run.artifacts('compliance-gate', 'guardrails-report', file);

  beforeAll(async () => {
    work = await temporaryDirectory('guardrails-adoption-package-');
    const tarball = await packFromCleanCopy(work);
    workload = await prepareDocumentedWorkload(tarball);
    notes = await startFakeNotesGitLab();
    notes.notes.set('99!7', []);
    const cache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
    run = await runGitlabCiLocal(workload, [
      '--shell-isolation',
      '--variable', 'CI_PIPELINE_SOURCE=merge_request_event',
      '--variable', 'CI_MERGE_REQUEST_IID=7',
      '--variable', 'CI_PROJECT_ID=99',
      '--variable', `CI_API_V4_URL=${notes.url}`,
      '--variable', `GUARDRAILS_GITLAB_TOKEN=${noteToken}`,
      // The dependencies from the local npm cache (the gate's own cache starts empty, and there is no registry here).
      '--variable', `npm_config_cache=${cache}`,
      '--variable', 'npm_config_prefer_offline=true',
    ]);
  }, 600_000);
  afterAll(async () => {
    await notes?.close();
    if (workload) await removeDirectory(workload);
    if (work) await removeDirectory(work);
  });

  it('installs the packed package and fails the merge request on the enforced guardrail (exit 1, not 2 or 3)', () => {
    expect(run.status, run.output).toMatchObject({ 'tofu-plan': 'PASS', 'compliance-gate': 'FAIL' });
    expect(run.output).toMatch(/^compliance-gate finished in .* FAIL 1\s*$/m);
    expect(run.output).toMatch(/FAIL\s+state-bucket-prevent-destroy/);
    // The CLI of the tarball ran, not the one of this checkout.
    expect(run.output).not.toContain(path.join(repoRoot, 'bin', 'guardrails.js'));
  });

  it("points Code Quality at the workload's own .tf file and line, inside the module", async () => {
    const issues = JSON.parse(await readFile(report('codequality.json'), 'utf8')) as CodeQualityIssue[];
    const blocking = issues.find((issue) => issue.check_name === 'state-bucket-prevent-destroy');
    expect(blocking?.location.path).toBe('modules/state-backend/main.tf');
    const line = readFileSync(path.join(workload, 'modules', 'state-backend', 'main.tf'), 'utf8').split('\n')[(blocking?.location.lines.begin ?? 0) - 1];
    expect(line).toMatch(/^resource "aws_s3_bucket" "state"/);
    for (const issue of issues) expect(existsSync(path.join(workload, issue.location.path)), issue.location.path).toBe(true);
  });

  it("writes a SAST report that GitLab's schema accepts, with the failure at the same place", async () => {
    const sast = JSON.parse(await readFile(report('gl-sast-report.json'), 'utf8')) as { vulnerabilities: Array<{ location: { file: string; start_line: number } }> };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(sastSchema, 'utf8')) as object);
    expect(validate(sast), JSON.stringify(validate.errors)).toBe(true);
    expect(sast.vulnerabilities.map((vulnerability) => vulnerability.location.file)).toContain('modules/state-backend/main.tf');
  });

  it('posts the summary as one note on the merge request, with the token from the environment and never printed', () => {
    const posted = notes.notes.get('99!7') ?? [];
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toContain('<!-- tofu-guardrails:payments -->');
    expect(posted[0]?.body).toContain('state-bucket-prevent-destroy');
    expect(notes.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(run.output).not.toContain(noteToken);
  });
});
