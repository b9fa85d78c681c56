// The package as a workload installs it: packed from a clean copy, installed into an empty project,
// and run from there (outside the repository) on the example workload.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './ci-config.js';
import { removeDirectory, temporaryDirectory } from './gitlab-ci-local.js';
import { installAsTheGateDoes, packFromCleanCopy, run } from './package.js';

const missing = spawnSync('git', ['--version']).status === 0 ? undefined : 'git is not installed';
if (missing && process.env.CI) throw new Error(`package tests cannot run on CI: ${missing}`);

interface Shrinkwrap {
  packages: Record<string, { version?: string; dev?: boolean }>;
}

describe.skipIf(missing !== undefined)(`the npm package${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let work: string;
  let tarball: string;
  let installed: string;
  beforeAll(async () => {
    work = await temporaryDirectory('guardrails-package-');
    tarball = await packFromCleanCopy(work);
    installed = await installAsTheGateDoes(tarball);
  }, 300_000);
  afterAll(async () => {
    await removeDirectory(work);
    if (installed) await removeDirectory(path.dirname(installed));
  });

  it('ships the built CLI, the catalogue, the component and the pinned dependency tree, not the sources', async () => {
    const listed = await run('tar', ['-tzf', tarball], work);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const files = listed.stdout.split('\n').filter(Boolean);
    for (const file of ['package/bin/guardrails.js', 'package/dist/src/cli/main.js', 'package/npm-shrinkwrap.json', 'package/templates/compliance-gate.yml']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((file) => file.startsWith('package/features/') && file.endsWith('.feature'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.test.ts') || file.endsWith('.test.js') || file.startsWith('package/src/'))).toEqual([]);
  });

  it('installs exactly the dependency versions of npm-shrinkwrap.json, without the dev dependencies', async () => {
    const shrinkwrap = JSON.parse(await readFile(path.join(repoRoot, 'npm-shrinkwrap.json'), 'utf8')) as Shrinkwrap;
    const pinned = Object.entries(shrinkwrap.packages).filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev);
    expect(pinned.length).toBeGreaterThan(50);
    for (const [key, entry] of pinned) {
      const manifest = JSON.parse(await readFile(path.join(installed, key, 'package.json'), 'utf8')) as { version: string };
      expect(manifest.version, key).toBe(entry.version);
    }
    for (const devOnly of ['typescript', 'vitest', 'gitlab-ci-local', 'eslint']) {
      expect(existsSync(path.join(installed, 'node_modules', devOnly)), devOnly).toBe(false);
    }
  });

  it('runs `guardrails check` on the example workload from a directory outside the repository', async () => {
    const workload = path.join(work, 'infra-account');
    await cp(path.join(repoRoot, 'examples', 'infra-account'), workload, { recursive: true });
    const checked = await run(process.execPath, [path.join(installed, 'bin', 'guardrails.js'), 'check', '--plan', 'tfplan.json', '--source', '.', '--format', 'summary', '--format', 'json:report.json'], workload);
    expect(checked.exitCode, checked.stdout + checked.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(workload, 'report.json'), 'utf8')) as { verdict: string; guardrails?: unknown[] };
    expect(report.verdict).toBe('passed');
    // The bundled catalogue came from the installed package, not from this checkout.
    expect(checked.stdout + checked.stderr).not.toContain(repoRoot);
  });
});
