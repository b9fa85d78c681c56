/** Candidates are the guardrails a merge request adds or changes, found with git in a real temporary repository. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { mergeObservations, observe, type EvaluatorFactory, type ObserveRequest } from '../../src/observe/observe.js';
import { parseFormatSpec } from '../../src/report/index.js';
import type { ObservationReport } from '../../src/report/types.js';
import type { FakeOutcome } from './report-fixture.js';
import { fakeReport } from './report-fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let repo: string;
let base: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();

const feature = (id: string, version = 1): string => `@id:${id}\nFeature: ${id} v${version}\n  Scenario: s\n    Given nothing\n`;

/** Every guardrail passes on every workload except `enforced-failing`, which some workload already fails. */
const outcomes: Record<string, FakeOutcome> = { 'enforced-failing': 'failed' };

/** Evaluates exactly the feature files it is given (directories expanded), one guardrail per file, named after it. */
const evaluatorSeeing = (seen: string[][]): EvaluatorFactory => async ({ features }) => {
  const files = (await Promise.all(features.map(async (entry) => ((await stat(entry)).isDirectory() ? (await readdir(entry, { recursive: true })).filter((f) => f.endsWith('.feature')).map((f) => path.join(entry, f)) : [entry])))).flat();
  const ids = files.map((file) => path.basename(file, '.feature')).sort();
  seen.push(ids);
  return async (plan) => fakeReport(plan.displayPath, Object.fromEntries(ids.map((id) => [id, outcomes[id] ?? 'passed'])));
};

async function run(extra: Partial<ObserveRequest>): Promise<{ exitCode: number; ids: string[]; guardrails: string[]; errors: string[]; report: ObservationReport }> {
  const seen: string[][] = [];
  const outcome = await observe({
    workloads: 'workloads.yaml',
    catalogue: path.join(repo, 'features'),
    cwd: repo,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GUARDRAILS_GITLAB_TOKEN: 'glpat-never-for-git' },
    stdout: new BufferSink(),
    formats: [],
    evaluator: evaluatorSeeing(seen),
    ...extra,
  });
  return {
    exitCode: outcome.exitCode,
    ids: seen[0] ?? [],
    guardrails: outcome.report.guardrails.map((g) => g.id),
    errors: outcome.report.workloads.map((w) => w.error ?? ''),
    report: outcome.report,
  };
}

beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'observe-candidates-'));
  await mkdir(path.join(repo, 'features', 'sub'), { recursive: true });
  await mkdir(path.join(repo, 'steps'));
  await writeFile(path.join(repo, 'features', 'enforced-failing.feature'), feature('enforced-failing'));
  await writeFile(path.join(repo, 'features', 'sub', 'changed.feature'), feature('changed'));
  await writeFile(path.join(repo, 'features', 'untouched.feature'), feature('untouched'));
  await writeFile(path.join(repo, 'steps', 'common.steps.ts'), '// steps\n');
  await writeFile(path.join(repo, 'tfplan.json'), await (await import('node:fs/promises')).readFile(path.join(repoRoot, 'examples', 'infra-account', 'tfplan.json')));
  await writeFile(path.join(repo, 'workloads.yaml'), 'workloads:\n  - { name: one, plan: tfplan.json }\n  - { name: two, plan: tfplan.json }\n');
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  base = git('rev-parse', 'HEAD');
  // The merge request: one guardrail changed, one added (committed), one added but not yet committed.
  git('checkout', '-q', '-b', 'candidate');
  await writeFile(path.join(repo, 'features', 'sub', 'changed.feature'), feature('changed', 2));
  await writeFile(path.join(repo, 'features', 'added.feature'), feature('added'));
  git('add', '.');
  git('commit', '-q', '-m', 'candidates');
  await writeFile(path.join(repo, 'features', 'local.feature'), feature('local'));
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('candidates from the merge request', () => {
  it('observes only the guardrails added or changed since the base, so an enforced guardrail failing elsewhere blocks nothing', async () => {
    const result = await run({ changedSince: base });
    expect(result.ids).toEqual(['added', 'changed', 'local']);
    expect(result.guardrails).toEqual(['added', 'changed', 'local']);
    expect(result.exitCode).toBe(0);
  });

  it('takes a branch name as the base too', async () => {
    expect((await run({ changedSince: 'main' })).ids).toEqual(['added', 'changed', 'local']);
  });

  it('observes the whole catalogue without a base, where the failing enforced guardrail blocks', async () => {
    const result = await run({});
    expect(result.ids).toEqual(['added', 'changed', 'enforced-failing', 'local', 'untouched']);
    expect(result.exitCode).toBe(1);
  });

  it('--features overrides the selection', async () => {
    const result = await run({ changedSince: base, features: [path.join(repo, 'features', 'untouched.feature')] });
    expect(result.ids).toEqual(['untouched']);
  });

  it('observes every guardrail when the step definitions changed, since that changes every verdict', async () => {
    await writeFile(path.join(repo, 'steps', 'common.steps.ts'), '// steps, changed\n');
    try {
      const messages: string[] = [];
      const result = await run({ changedSince: base, onCandidates: (selection) => messages.push(...selection.evaluationChanges) });
      expect(messages).toEqual(['steps/common.steps.ts']);
      expect(result.exitCode).toBe(1);
      expect(result.guardrails).toContain('enforced-failing');
    } finally {
      git('checkout', '-q', '--', 'steps/common.steps.ts');
    }
  });

  it('with nothing changed, observes nothing, fetches no workload and is clean, recording zero candidates', async () => {
    const stdout = new BufferSink();
    const result = await run({ changedSince: 'HEAD', catalogue: path.join(repo, 'features', 'sub'), stdout, formats: [parseFormatSpec('summary:-'), parseFormatSpec('markdown:nothing/summary.md'), parseFormatSpec('json:nothing/observation.json')] });
    expect(result.ids).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.report).toMatchObject({ nothingToObserve: { changedSince: 'HEAD' }, guardrails: [], workloads: [], promotion: { promotable: false, blocking: [] } });
    const line = 'No guardrail added or changed since HEAD; nothing to observe or promote';
    expect(stdout.text).toContain(line);
    expect(await readFile(path.join(repo, 'nothing', 'summary.md'), 'utf8')).toMatch(new RegExp(`^### ✅ ${line}\n`));
    expect(JSON.parse(await readFile(path.join(repo, 'nothing', 'observation.json'), 'utf8'))).toEqual(result.report);
  });

  it('shards that each observed nothing merge into a clean nothing-to-observe result; a mix with an observing shard is refused', async () => {
    const shard = async (index: number, changedSince: string, file: string): Promise<string> => {
      await run({ changedSince, catalogue: path.join(repo, 'features', 'sub'), shard: { index, count: 2 }, formats: [parseFormatSpec(`json:nothing/${file}`)] });
      return `nothing/${file}`;
    };
    const [one, two] = [await shard(1, 'HEAD', 'one.json'), await shard(2, 'HEAD', 'two.json')];
    const merged = await mergeObservations({ files: [one, two], formats: [], cwd: repo, stdout: new BufferSink() });
    expect(merged.exitCode).toBe(0);
    expect(merged.report).toMatchObject({ nothingToObserve: { changedSince: 'HEAD' }, guardrails: [], workloads: [] });
    expect(merged.report.shard).toBeUndefined();
    await run({ changedSince: base, shard: { index: 2, count: 2 }, formats: [parseFormatSpec('json:nothing/observed.json')] });
    await expect(mergeObservations({ files: [one, 'nothing/observed.json'], formats: [], cwd: repo, stdout: new BufferSink() })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('observed guardrails while another shard found none changed'),
    });
  });
  it('refuses a base git does not know, or one that would be read as an option, with what to do', async () => {
    await expect(run({ changedSince: 'no-such-branch' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/^could not list the guardrails changed since no-such-branch: .*no-such-branch/),
      hint: expect.stringContaining('GIT_DEPTH: 0'),
    });
    await expect(run({ changedSince: '--output=/tmp/x' })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('is not a branch, tag or commit name') });
    await expect(run({ changedSince: 'main..HEAD' })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('guardrails observe in a merge request pipeline', () => {
  const cli = async (args: string[], env: Record<string, string>) => {
    const { runCommands } = await import('./cli-harness.js');
    const { observeCommand } = await import('../../src/cli/observe.js');
    const seen: string[][] = [];
    const result = await runCommands([observeCommand(evaluatorSeeing(seen))], ['observe', '--workloads', 'workloads.yaml', ...args], { cwd: repo, env: { PATH: process.env.PATH ?? '', ...env } });
    return { ...result, seen };
  };

  it('promote on a result that observed nothing exits 0 with "nothing to promote", merges nothing and records no forced promotion', async () => {
    await run({ changedSince: 'HEAD', catalogue: path.join(repo, 'features', 'sub'), formats: [parseFormatSpec('json:nothing/cli.json')] });
    const { startFakeGitLab, goodToken } = await import('./gitlab-server.js');
    const gitlab = await startFakeGitLab({}, { 'team/cand!7': Buffer.from('{"state":"merged"}') });
    try {
      const { runCommands } = await import('./cli-harness.js');
      const { registerPromoteCommand } = await import('../../src/cli/promote.js');
      const env = { GUARDRAILS_GITLAB_TOKEN: goodToken, CI_COMMIT_SHA: 'a'.repeat(40), GITLAB_USER_LOGIN: 'sec-lead' };
      const merge = ['--merge', '--project', 'team/cand', '--mr', '7', '--gitlab-url', gitlab.url];
      const plain = await runCommands([registerPromoteCommand], ['promote', '--observation', 'nothing/cli.json', ...merge, '--record', 'nothing/promotion.json'], { cwd: repo, env });
      expect(plain).toMatchObject({ code: 0, stderr: '' });
      expect(plain.stdout).toBe('nothing to promote: no guardrail added or changed since HEAD; the merge request is left to its usual merge.\n');
      expect(plain.stdout).not.toMatch(/promotable:|merged/);
      const record = JSON.parse(await readFile(path.join(repo, 'nothing', 'promotion.json'), 'utf8')) as Record<string, unknown>;
      expect(record).toMatchObject({ promote: false, guardrails: [], nothingToPromote: { changedSince: 'HEAD' } });
      expect(record.merge).toBeUndefined();
      const forced = await runCommands([registerPromoteCommand], ['promote', '--observation', 'nothing/cli.json', '--force', '--reason', 'because', ...merge, '--format', 'json'], { cwd: repo, env });
      expect(forced.code).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ promote: false, nothingToPromote: { changedSince: 'HEAD' } });
      expect(JSON.parse(forced.stdout).forced).toBeUndefined();
      expect(gitlab.requests).toEqual([]);
      // A result that claims nothing was observed yet carries guardrails is refused, never promoted.
      const doctored = JSON.parse(await readFile(path.join(repo, 'nothing', 'cli.json'), 'utf8')) as ObservationReport;
      const observed = (await run({ changedSince: base })).report;
      await writeFile(path.join(repo, 'nothing', 'doctored.json'), JSON.stringify({ ...observed, nothingToObserve: doctored.nothingToObserve }));
      const refused = await runCommands([registerPromoteCommand], ['promote', '--observation', 'nothing/doctored.json', ...merge], { cwd: repo, env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/nothingToObserve\) yet holds guardrails/);
      expect(gitlab.requests).toEqual([]);
    } finally {
      await gitlab.close();
    }
  });

  it('compares with CI_MERGE_REQUEST_DIFF_BASE_SHA by default, and --features overrides it', async () => {
    const fromEnv = await cli([], { CI_MERGE_REQUEST_DIFF_BASE_SHA: 'no-such-base-commit' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/could not list the guardrails changed since no-such-base-commit/);
    const named = await cli(['--features', path.join(repo, 'features', 'added.feature')], { CI_MERGE_REQUEST_DIFF_BASE_SHA: 'no-such-base-commit' });
    expect(named.code).toBe(0);
    expect(named.seen).toEqual([['added']]);
    expect((await cli(['--features', 'x.feature', '--changed-since', 'main'], {})).stderr).toMatch(/--changed-since and --features cannot be combined/);
  });
});
