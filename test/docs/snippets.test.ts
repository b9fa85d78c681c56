/**
 * Docs match behaviour: every Gherkin and shell snippet of README.md and docs/*.md is run, as its
 * `<!-- snippet: ... -->` marker says (the convention is described in test/docs/snippets.ts and at
 * the top of docs/writing-guardrails.md). docs/steps.md is generated from the step registry, whose
 * every example test/steps/examples.test.ts runs, so it is left to that test.
 */
import { execFile } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { BufferSink } from '../../src/cli/io.js';
import type { FindingsReport } from '../../src/report/types.js';
import { asFeature, consoleSession, outputMatches, snippetsOf, type GherkinRun, type ShellRun, type Snippet } from './snippets.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generated = new Set(['docs/steps.md']);
const docs = [
  'README.md',
  ...(await readdir(path.join(repoRoot, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
].filter((file) => !generated.has(file));
const snippets = docs.flatMap((file) => snippetsOf(path.join(repoRoot, file)).map((snippet) => ({ ...snippet, file })));

let scratch = '';
beforeAll(async () => {
  await access(path.join(repoRoot, 'dist', 'src', 'index.js')).catch(() => {
    throw new Error('dist/ is missing: run `npm run build` first (shell snippets run the built CLI).');
  });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'docs-snippets-'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const MARKER_HELP =
  'put a marker on the line before the fence: <!-- snippet: plan=PATH status=STATUS --> for Gherkin, <!-- snippet: run [exit=N] --> or <!-- snippet: not-runnable: REASON --> for shell (see the top of docs/writing-guardrails.md)';

describe.each(docs)('%s', (file) => {
  const own = snippets.filter((snippet) => snippet.file === file);
  it.skipIf(own.length > 0)('has no snippets', () => {
    expect(own).toEqual([]);
  });
  it.each(own.map((snippet) => [`${snippet.language} snippet at line ${snippet.line}`, snippet] as const))('%s', async (_name, snippet) => {
    const where = `${snippet.file}:${snippet.line}`;
    expect(snippet.markerError, `${where}: ${snippet.markerError}`).toBeUndefined();
    expect(snippet.marker, `${where}: the ${snippet.language} snippet has no marker; ${MARKER_HELP}`).toBeDefined();
    const marker = snippet.marker!;
    if (marker.kind === 'not-runnable') {
      expect(marker.reason.length, `${where}: say why the snippet cannot run`).toBeGreaterThan(10);
      return;
    }
    if (snippet.language === 'gherkin') {
      expect(marker.kind, `${where}: a Gherkin snippet is run against a plan`).toBe('gherkin');
      await runGherkin(snippet, marker as GherkinRun, where);
    } else {
      expect(marker.kind, `${where}: a shell snippet is marked run or not-runnable`).toBe('run');
      await runShell(snippet, marker as ShellRun, where);
    }
  });
});

async function freshDir(name: string): Promise<string> {
  const dir = path.join(scratch, `${name}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function runGherkin(snippet: Snippet, marker: GherkinRun, where: string): Promise<void> {
  const dir = await freshDir('gherkin');
  await writeFile(path.join(dir, 'snippet.feature'), asFeature(snippet));
  let plan = path.join(repoRoot, marker.plan);
  if (marker.plan === 'above') {
    expect(snippet.jsonAbove, `${where}: plan=above, but no \`\`\`json block comes before the snippet`).toBeDefined();
    plan = path.join(dir, 'tfplan.json');
    await writeFile(plan, snippet.jsonAbove!);
  }
  const argv = ['check', '--plan', plan, '--features', 'snippet.feature', '--format', 'json:-'];
  if (marker.sources) argv.push('--source', path.join(repoRoot, marker.sources));
  if (marker.steps) argv.push('--steps', path.join(repoRoot, marker.steps));
  // Team steps load through the built CLI, as a user runs them: in this process the built-in steps
  // are already imported, and Node imports a module once.
  const run = marker.steps ? await builtCli(argv, dir) : await inProcess(argv, dir);
  expect(run.code, `${where}: guardrails check stopped: ${run.stderr}`).toBeLessThan(2);
  const guardrail = (JSON.parse(run.stdout) as FindingsReport).guardrails[0]!;
  const findings = guardrail.findings.map((finding) => finding.address);
  expect(guardrail.status, `${where}: against ${marker.plan}; findings: ${guardrail.findings.map((finding) => finding.message).join(' | ')}`).toBe(marker.status);
  for (const address of marker.findings) expect(findings, `${where}: a finding for ${address}`).toContain(address);
}

async function inProcess(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(argv, { cwd, env: {}, stdout, stderr, stdin: Readable.from([]), stderrIsTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function builtCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin', 'guardrails.js'), ...argv], { cwd, timeout: 120_000, env: { PATH: process.env.PATH } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

async function runShell(snippet: Snippet, marker: ShellRun, where: string): Promise<void> {
  const dir = await freshDir('shell');
  if (marker.cwd) {
    await cp(path.join(repoRoot, marker.cwd), dir, { recursive: true });
  } else {
    for (const copied of ['docs', 'examples', 'features']) await cp(path.join(repoRoot, copied), path.join(dir, copied), { recursive: true });
  }
  await symlink(path.join(repoRoot, 'bin'), path.join(dir, 'bin')).catch(() => undefined);
  const shims = await freshDir('bin');
  await writeFile(path.join(shims, 'guardrails'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin', 'guardrails.js')}" "$@"\n`, { mode: 0o755 });
  const session = snippet.language === 'console' ? consoleSession(snippet.text) : { script: snippet.text, output: undefined };
  const run = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      'bash',
      ['-c', `exec 2>&1\nset -e -o pipefail\n${session.script}`],
      { cwd: dir, timeout: 120_000, env: { PATH: `${shims}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`, HOME: dir, LANG: 'C.UTF-8' } },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, output: stdout }),
    );
  });
  expect(run.code, `${where}: exit code; output:\n${run.output}`).toBe(marker.exit);
  if (session.output !== undefined) {
    expect(outputMatches(session.output, run.output.split('\n')), `${where}: the output shown differs from what the commands print:\n${run.output}`).toBe(true);
  }
}
