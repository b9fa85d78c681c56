// The release jobs of .gitlab-ci.yml on a version tag, run by gitlab-ci-local up to the publish
// call, against a loopback stand-in for the project's npm registry.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciSchemaErrors, readYaml, repoRoot } from './ci-config.js';
import { missingTool, prepareRepositoryCopy, prepareWorkload, removeDirectory, runGitlabCiLocal, temporaryDirectory, type PipelineRun } from './gitlab-ci-local.js';
import { run } from './package.js';
import { startRegistryStub, type RegistryStub } from './registry-stub.js';

type Job = Record<string, unknown> & { rules?: { if?: string }[]; script?: string[]; release?: Record<string, string>; needs?: unknown[]; image?: string };
const pipeline = readYaml('.gitlab-ci.yml') as Record<string, Job>;
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('release jobs in .gitlab-ci.yml', () => {
  it('are valid against GitLab\'s schema and run on version tags only', () => {
    expect(ciSchemaErrors(pipeline)).toEqual([]);
    for (const name of ['publish', 'create-release']) {
      const rule = pipeline[name]?.rules?.[0]?.if ?? '';
      expect(rule, name).toMatch(/^\$CI_COMMIT_TAG =~ \//);
      const pattern = new RegExp(rule.slice(rule.indexOf('/') + 1, rule.lastIndexOf('/')));
      for (const tag of ['v1.2.3', 'v0.1.0', 'v2.0.0-rc.1']) expect(pattern.test(tag), tag).toBe(true);
      for (const tag of ['1.2.3', 'v1.2', 'latest', 'v1.2.3 ']) expect(pattern.test(tag), tag).toBe(false);
    }
  });

  it('creates the release with the GitLab CLI image after publishing, so the component reaches the CI/CD Catalog', () => {
    const release = pipeline['create-release'] as Job;
    expect(release.image).toBe('registry.gitlab.com/gitlab-org/cli:latest');
    expect(release.needs).toEqual(['publish']);
    expect(release.release).toMatchObject({ tag_name: '$CI_COMMIT_TAG' });
  });
});

const missing = missingTool() ?? (existsSync(path.join(repoRoot, 'node_modules', 'typescript')) ? undefined : 'the dev dependencies are not installed');
if (missing && process.env.CI) throw new Error(`release pipeline tests cannot run on CI: ${missing}`);

describe.skipIf(missing !== undefined)(`the release pipeline under gitlab-ci-local${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const jobToken = `job-${randomBytes(12).toString('hex')}`;
  let registry: RegistryStub;
  let copy: string;
  let tagged: PipelineRun;
  let mismatched: PipelineRun;
  const tagPipeline = (tag: string): string[] => [
    '--variable', `CI_COMMIT_TAG=${tag}`,
    '--variable', `CI_API_V4_URL=${registry.apiUrl}`,
    '--variable', 'CI_PROJECT_ID=42',
    '--variable', `CI_JOB_TOKEN=${jobToken}`,
    '--variable', 'INSTALL_DEPENDENCIES=false',
  ];

  beforeAll(async () => {
    registry = await startRegistryStub(jobToken);
    copy = await prepareRepositoryCopy();
    mismatched = await runGitlabCiLocal(copy, [...tagPipeline('v99.0.0'), 'publish']);
    tagged = await runGitlabCiLocal(copy, [...tagPipeline(`v${version}`), 'publish', 'create-release']);
  }, 600_000);
  afterAll(async () => {
    await registry?.close();
    if (copy) await removeDirectory(copy);
  });

  it('refuses a tag that differs from package.json before publishing anything', () => {
    expect(mismatched.status.publish, mismatched.output).toBe('FAIL');
    expect(mismatched.output).toContain(`The tag v99.0.0 does not match package.json (version ${version})`);
    expect(mismatched.output).toMatch(/publish finished in .* FAIL 2/);
  });

  it('publishes the built package, npm-shrinkwrap.json included, with the job token, to the project\'s registry', async () => {
    expect(tagged.status.publish, tagged.output).toBe('PASS');
    const puts = registry.requests.filter((request) => request.method === 'PUT');
    expect(puts).toEqual([{ method: 'PUT', path: '/api/v4/projects/42/packages/npm/tofu-guardrails', token: jobToken }]);
    const published = registry.published.get(`tofu-guardrails@${version}`);
    expect(published?.manifest.name).toBe('tofu-guardrails');
    const dir = await temporaryDirectory('guardrails-published-');
    try {
      await writeFile(path.join(dir, 'package.tgz'), published?.tarball ?? Buffer.alloc(0));
      const listed = await run('tar', ['-tzf', 'package.tgz'], dir);
      expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining(['package/dist/src/cli/main.js', 'package/npm-shrinkwrap.json', 'package/templates/compliance-gate.yml']));
    } finally {
      await removeDirectory(dir);
    }
    // npm read the token from its config file; no command line or log line carries it.
    expect(tagged.output).not.toContain(jobToken);
  });

  it('installs in a workload pipeline: the gate fetches the published package with the job token and runs it', async () => {
    expect(registry.published.size, 'nothing was published').toBe(1);
    const plan = JSON.parse(readFileSync(path.join(repoRoot, 'examples', 'infra-account', 'tfplan.json'), 'utf8')) as unknown;
    const workload = await prepareWorkload({ 'compliant.json': plan }, { registry: registry.registryUrl(42) });
    try {
      const before = registry.requests.length;
      const cache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
      const gate = await runGitlabCiLocal(workload, [
        '--variable', 'CI_PIPELINE_SOURCE=merge_request_event',
        '--variable', `CI_API_V4_URL=${registry.apiUrl}`,
        '--variable', `CI_JOB_TOKEN=${jobToken}`,
        // The dependencies from the local npm cache when it has them (the gate's own cache starts empty).
        '--variable', `npm_config_cache=${cache}`,
        '--variable', 'npm_config_prefer_offline=true',
      ]);
      expect(gate.status, gate.output).toMatchObject({ 'tofu-plan': 'PASS', 'compliance-gate': 'PASS' });
      const fetched = registry.requests.slice(before);
      expect(fetched.map((request) => `${request.method} ${request.path}`)).toEqual([
        'GET /api/v4/projects/42/packages/npm/tofu-guardrails',
        `GET /api/v4/projects/42/packages/npm/tofu-guardrails/-/tofu-guardrails-${version}.tgz`,
      ]);
      for (const request of fetched) expect(request.token).toBe(jobToken);
      expect(gate.output).not.toContain(jobToken);
      const report = JSON.parse(readFileSync(gate.artifacts('compliance-gate', 'guardrails-report', 'guardrails.json'), 'utf8')) as { verdict: string };
      expect(report.verdict).toBe('passed');
    } finally {
      await removeDirectory(workload);
    }
  }, 600_000);

  it('then runs the release job', () => {
    expect(tagged.status['create-release'], tagged.output).toBe('PASS');
    expect(tagged.output).toContain(`Releasing v${version}`);
  });
});
