// Runs pipelines with gitlab-ci-local (shell executor) in throw-away git repositories.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from './ci-config.js';

export const gitlabCiLocalBin = path.join(repoRoot, 'node_modules', '.bin', 'gitlab-ci-local');

/** Why gitlab-ci-local cannot run here, or undefined when it can. */
export function missingTool(): string | undefined {
  if (!existsSync(gitlabCiLocalBin)) return 'gitlab-ci-local is not installed (npm ci installs it as a dev dependency)';
  if (spawnSync('rsync', ['--version']).status !== 0) return 'rsync is not installed (gitlab-ci-local needs it)';
  if (spawnSync('git', ['--version']).status !== 0) return 'git is not installed';
  return undefined;
}

export interface PipelineRun {
  exitCode: number;
  output: string;
  /** Final status per job from gitlab-ci-local's summary: PASS, WARN (allowed failure) or FAIL. */
  status: Record<string, string>;
  /** Where gitlab-ci-local keeps a job's artifacts. */
  artifacts(job: string, ...segments: string[]): string;
}

/** Runs `gitlab-ci-local` with the shell executor for every job (the jobs' images are not pulled). */
export async function runGitlabCiLocal(cwd: string, args: readonly string[]): Promise<PipelineRun> {
  const child = spawn(gitlabCiLocalBin, ['--force-shell-executor', '--no-color', '--max-job-name-padding', '0', ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const status: Record<string, string> = {};
  // Summary lines: " PASS  job", " WARN  job  pre_script" (a job name has single spaces only).
  for (const match of output.matchAll(/^ (PASS|WARN|FAIL) {1,2}(\S+(?: \S+)*)/gm)) status[match[2] as string] = match[1] as string;
  return { exitCode, output, status, artifacts: (job, ...segments) => path.join(cwd, '.gitlab-ci-local', 'artifacts', safeJobName(job), ...segments) };
}

/** gitlab-ci-local's directory name for a job: runs of characters outside [A-Za-z0-9_-] in base64url. */
function safeJobName(job: string): string {
  return job.replace(/[^\w-]+/g, (run) => Buffer.from(run).toString('base64url'));
}

/** Makes `dir` a git repository with one commit and an origin remote; returns the commit SHA. */
export function commitAll(dir: string, origin: string): string {
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.com', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@example.com' },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', origin);
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot', '--no-gpg-sign');
  return git('rev-parse', 'HEAD');
}

/** A fresh temporary directory; remove it with `rm(dir, { recursive: true })`. */
export function temporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export interface WorkloadPlans {
  [fileName: string]: unknown;
}

/**
 * The demo workload (test/gitlab/fixtures/workload) as a git repository: the example workload's .tf
 * sources under infra/, the given plans under plans/, and the component in templates/. gitlab-ci-local
 * resolves `include: component:` offline only for a component of the same project at the current
 * commit, so the include is pointed there. The gate runs the CLI of this checkout, or, given
 * `registry`, installs the package from there as it does by default from GitLab's registry.
 */
export async function prepareWorkload(plans: WorkloadPlans, install: { registry?: string } = {}): Promise<string> {
  const dir = await temporaryDirectory('guardrails-workload-');
  await cp(path.join(repoRoot, 'test', 'gitlab', 'fixtures', 'workload'), dir, { recursive: true });
  await cp(path.join(repoRoot, 'templates', 'compliance-gate.yml'), path.join(dir, 'templates', 'compliance-gate.yml'));
  await cp(path.join(repoRoot, 'examples', 'infra-account'), path.join(dir, 'infra'), {
    recursive: true,
    filter: (source) => path.basename(source) !== 'tfplan.json',
  });
  await mkdir(path.join(dir, 'plans'));
  for (const [name, plan] of Object.entries(plans)) await writeFile(path.join(dir, 'plans', name), JSON.stringify(plan));
  const sha = commitAll(dir, 'https://gitlab.example.com/demo/workload.git');
  const pipelineFile = path.join(dir, '.gitlab-ci.yml');
  const pipeline = parse(await readFile(pipelineFile, 'utf8')) as { include: { component: string; inputs: Record<string, unknown> }[] };
  const gate = pipeline.include[0];
  if (!gate?.component.includes('/compliance-gate@')) throw new Error('the demo workload must include the compliance-gate component first');
  gate.component = `gitlab.example.com/demo/workload/compliance-gate@${sha}`;
  if (install.registry === undefined) gate.inputs.guardrails_command = `node ${path.join(repoRoot, 'bin', 'guardrails.js')}`;
  else gate.inputs.registry = install.registry;
  await writeFile(pipelineFile, stringify(pipeline));
  return dir;
}

/**
 * A copy of this repository's working tree (tracked and new files, as git sees them) as its own git
 * repository, with node_modules linked from the checkout so jobs run without a registry; `files`
 * (relative path to content) are written over the copy before its commit.
 */
export async function prepareRepositoryCopy(files: Record<string, string> = {}): Promise<string> {
  const dir = await temporaryDirectory('guardrails-repository-');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    // A file deleted in the working tree but still tracked is skipped, as a commit would drop it.
    if (!existsSync(path.join(repoRoot, file))) continue;
    await cp(path.join(repoRoot, file), path.join(dir, file), { recursive: true });
  }
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  commitAll(dir, 'https://gitlab.example.com/security/tofu-guardrails.git');
  return dir;
}

/** Removes a directory made by the helpers above. */
export function removeDirectory(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
