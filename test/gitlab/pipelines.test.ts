// The component and this repository's pipeline, run end to end by gitlab-ci-local (shell executor).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './ci-config.js';
import { missingTool, prepareRepositoryCopy, prepareWorkload, removeDirectory, runGitlabCiLocal, type PipelineRun } from './gitlab-ci-local.js';
import { availableUnlessCI } from '../support/ci.js';
import { FORCED_PROMOTION_MARKER, type PromotionDecision } from '../../src/observe/promotion.js';
import { goodToken, startFakeGitLab, type FakeGitLab } from '../observe/gitlab-server.js';

const missing = missingTool() ?? (existsSync(path.join(repoRoot, 'dist', 'src', 'cli', 'main.js')) ? undefined : 'the CLI is not built (npx tsc -p tsconfig.json)');

const stateEncryption = 'module.state_backend.aws_s3_bucket_server_side_encryption_configuration.state';

/** The example workload's plan with the state bucket's default encryption downgraded to AES256. */
function withAes256StateEncryption(plan: unknown): unknown {
  let changed = 0;
  const downgrade = (rules: unknown): void => {
    for (const rule of rules as { apply_server_side_encryption_by_default: Record<string, unknown>[] }[]) {
      for (const byDefault of rule.apply_server_side_encryption_by_default) {
        byDefault.sse_algorithm = 'AES256';
        delete byDefault.kms_master_key_id;
        changed += 1;
      }
    }
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.address === stateEncryption) {
      const values = (record.values ?? (record.change as { after?: unknown } | undefined)?.after) as { rule?: unknown } | undefined;
      if (values?.rule) downgrade(values.rule);
    }
    Object.values(record).forEach(walk);
  };
  const copy = structuredClone(plan);
  walk(copy);
  if (changed === 0) throw new Error(`${stateEncryption} not found in the example plan`);
  return copy;
}

/** workloads.yaml for the sharded observation: the example workload and four example plans of the catalogue. */
const shardedWorkloads = `workloads:
  - { name: infra-account, plan: examples/infra-account/tfplan.json, source: examples/infra-account }
  - { name: trail-new, plan: features/audit-trail/examples/compliant-new-multi-region-trail/tfplan.json }
  - { name: trail-single-region, plan: features/audit-trail/examples/violating-single-region/tfplan.json }
  - { name: baseline-new, plan: features/account-baseline/examples/compliant-new-baseline/tfplan.json }
  - { name: baseline-short-password, plan: features/account-baseline/examples/violating-password-too-short/tfplan.json }
`;

/** An observation without what differs between runs by nature (the tool's run metadata, shard bookkeeping). */
function comparable(observation: unknown): unknown {
  const { tool: _tool, shard: _shard, ...rest } = observation as Record<string, unknown>;
  return rest;
}

const compliantPlan = JSON.parse(readFileSync(path.join(repoRoot, 'examples', 'infra-account', 'tfplan.json'), 'utf8')) as unknown;

describe.runIf(availableUnlessCI(missing === undefined, `one of gitlab-ci-local, rsync, git and the built CLI (${missing})`))('pipelines under gitlab-ci-local', () => {
  describe('a workload pipeline including the compliance-gate component', () => {
    let workload: string;
    beforeAll(async () => {
      workload = await prepareWorkload({ 'compliant.json': compliantPlan, 'violating.json': withAes256StateEncryption(compliantPlan) });
    });
    afterAll(async () => removeDirectory(workload));

    const runWith = async (plan: string): Promise<PipelineRun> =>
      runGitlabCiLocal(workload, ['--shell-isolation', '--variable', `DEMO_PLAN=${plan}`, '--variable', 'CI_PIPELINE_SOURCE=merge_request_event']);

    it('lists the gate in a merge request pipeline, after the plan job it needs', async () => {
      const run = await runGitlabCiLocal(workload, ['--list', '--variable', 'CI_PIPELINE_SOURCE=merge_request_event']);
      expect(run.exitCode, run.output).toBe(0);
      expect(run.output).toMatch(/^compliance-gate\s+compliance\s+on_success\s+false\s+\[tofu-plan\]$/m);
    });

    it('passes a compliant plan and publishes JUnit, Code Quality and the HTML report', async () => {
      const run = await runWith('plans/compliant.json');
      expect(run.status, run.output).toMatchObject({ 'tofu-plan': 'PASS', 'compliance-gate': 'PASS' });
      expect(run.exitCode, run.output).toBe(0);
      for (const file of ['junit.xml', 'codequality.json', 'guardrails.json', 'summary.md', path.join('html', 'index.html')]) {
        expect(existsSync(run.artifacts('compliance-gate', 'guardrails-report', file)), file).toBe(true);
      }
      const junit = readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuites name="tofu-guardrails" tests="\d+" failures="0"/);
      const report = JSON.parse(readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'guardrails.json'), 'utf8')) as { verdict: string };
      expect(report.verdict).toBe('passed');
      // Code Quality lists only what observed (not yet enforced) guardrails would flag.
      const codequality = JSON.parse(readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'codequality.json'), 'utf8')) as { check_name: string }[];
      expect(codequality.map((issue) => issue.check_name)).not.toContain('state-bucket-kms-only');
    });

    it('fails on a violating plan, still publishing the reports, and the JUnit report names the guardrail', async () => {
      const run = await runWith('plans/violating.json');
      expect(run.status, run.output).toMatchObject({ 'tofu-plan': 'PASS', 'compliance-gate': 'FAIL' });
      expect(run.exitCode).not.toBe(0);
      // guardrails check exits 1 (an enforced guardrail failed), not 2 (an input error).
      expect(run.output).toMatch(/^compliance-gate finished in .* FAIL 1\s*$/m);
      expect(run.output).toMatch(/FAIL\s+state-bucket-kms-only/);
      const report = JSON.parse(readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'guardrails.json'), 'utf8')) as { verdict: string };
      expect(report.verdict).toBe('failed');
      const junit = readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuite name="state-bucket-kms-only" tests="\d+" failures="[1-9]/);
      expect(junit).toContain(stateEncryption);
      const codequality = JSON.parse(readFileSync(run.artifacts('compliance-gate', 'guardrails-report', 'codequality.json'), 'utf8')) as { check_name: string }[];
      expect(codequality.map((issue) => issue.check_name)).toContain('state-bucket-kms-only');
      expect(existsSync(run.artifacts('compliance-gate', 'guardrails-report', 'html', 'index.html'))).toBe(true);
    });
  });

  describe("this repository's pipeline", () => {
    let copy: string;
    let run: PipelineRun;
    let gitlab: FakeGitLab;
    let observedSha: string;
    /** The forced-promotion record as the force-promote job left it. */
    let forcedRecord: string;
    /** observe-merge's observation.json, before the promotable one takes its place. */
    let mergedObservation: string;
    let cleanPromote: PipelineRun;
    let noReason: PipelineRun;
    const mergeRequestIntoMain = ['--variable', 'CI_PIPELINE_SOURCE=merge_request_event', '--variable', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main', '--variable', 'CI_MERGE_REQUEST_IID=7'];
    /** The loopback GitLab the promote jobs merge through, with the token a project variable would hold. */
    const gitlabVariables = (): string[] => ['--variable', 'CI_PROJECT_ID=42', '--variable', `CI_API_V4_URL=${gitlab.url}`, '--variable', `GUARDRAILS_GITLAB_TOKEN=${goodToken}`];
    let single: unknown;
    beforeAll(async () => {
      // More workloads than shards, compliant and violating, so every shard has work and the matrix has both.
      copy = await prepareRepositoryCopy({ 'workloads.yaml': shardedWorkloads });
      observedSha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: copy, encoding: 'utf8' }).stdout.trim();
      // The merge request's head is the commit the pipeline observed: a merge carrying that sha succeeds, any other is refused (409).
      gitlab = await startFakeGitLab({}, { '42!7': Buffer.from('{"state":"merged","web_url":"https://gitlab.example.com/security/tofu-guardrails/-/merge_requests/7"}') }, { heads: { '42!7': observedSha } });
      // The test job runs one small test file: the whole suite inside a test would run itself.
      // One job at a time: without shell isolation every job builds into the copy's own dist/, and
      // the observe shards would overwrite it under each other (GitLab gives each job a checkout).
      run = await runGitlabCiLocal(copy, [
        '--concurrency', '1',
        ...mergeRequestIntoMain,
        ...gitlabVariables(),
        '--variable', 'GITLAB_USER_LOGIN=sec-lead',
        '--variable', 'PROMOTION_REASON=Critical control, SEC-42',
        '--variable', 'INSTALL_DEPENDENCIES=false',
        '--variable', 'VITEST_ARGS=test/gitlab/ci-config.test.ts',
        'test: [node:20]', 'observe', 'observe-merge', 'promote', 'force-promote',
      ]);
      forcedRecord = readFileSync(run.artifacts('force-promote', 'reports', 'promotion', 'forced-promotion.json'), 'utf8');
      mergedObservation = readFileSync(run.artifacts('observe-merge', 'reports', 'observation', 'observation.json'), 'utf8');
      // The same registry observed in one run, for comparison with the merged shards.
      const observed = spawnSync(process.execPath, ['bin/guardrails.js', 'observe', '--workloads', 'workloads.yaml', '--format', 'json:single.json'], { cwd: copy, encoding: 'utf8' });
      if (![0, 1].includes(observed.status ?? -1)) throw new Error(`the unsharded observe failed: ${observed.stderr}`);
      single = JSON.parse(readFileSync(path.join(copy, 'single.json'), 'utf8'));
      // A promotable observation (one candidate, on the compliant workload) in place of observe-merge's, for the promote job alone.
      await writeFile(path.join(copy, 'promotable.yaml'), 'workloads:\n  - { name: infra-account, plan: examples/infra-account/tfplan.json, source: examples/infra-account }\n');
      const promotable = spawnSync(process.execPath, ['bin/guardrails.js', 'observe', '--workloads', 'promotable.yaml', '--features', 'features/state-bucket-kms-only/state-bucket-kms-only.feature', '--format', 'json:promotable.json'], { cwd: copy, encoding: 'utf8' });
      if (promotable.status !== 0) throw new Error(`the promotable observation is not promotable: ${promotable.stdout}${promotable.stderr}`);
      for (const target of [path.join(copy, 'reports', 'observation', 'observation.json'), run.artifacts('observe-merge', 'reports', 'observation', 'observation.json')]) {
        await cp(path.join(copy, 'promotable.json'), target);
      }
      cleanPromote = await runGitlabCiLocal(copy, [...mergeRequestIntoMain, ...gitlabVariables(), '--variable', 'INSTALL_DEPENDENCIES=false', 'promote']);
      noReason = await runGitlabCiLocal(copy, [...mergeRequestIntoMain, '--variable', 'INSTALL_DEPENDENCIES=false', 'force-promote']);
    }, 900_000);
    afterAll(async () => {
      await gitlab?.close();
      if (copy) await removeDirectory(copy);
    });

    it('runs the test job and publishes its JUnit report', () => {
      expect(run.status['test: [node:20]'], run.output).toBe('PASS');
      // gitlab-ci-local keeps only artifacts:paths (and dotenv) reports; the job ran in the copy itself.
      const junit = readFileSync(path.join(copy, 'reports', 'vitest-junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuites name="vitest tests" tests="[1-9]\d*" failures="0"/);
    });

    it('observes in three shards and merges them into the matrix of a single run', () => {
      for (const index of [1, 2, 3]) {
        // Exit 0 (promotable) passes; exit 1 (blocked) is an allowed failure so the merge still runs.
        expect(['PASS', 'WARN'], run.output).toContain(run.status[`observe: [${index}/3]`]);
        expect(run.output).toContain(`observe: [${index}/3] $ node bin/guardrails.js observe --workloads workloads.yaml --shard "\${CI_NODE_INDEX}/\${CI_NODE_TOTAL}"`);
        const shard = JSON.parse(readFileSync(run.artifacts(`observe: [${index}/3]`, 'reports', 'observation', 'shards', `${index}.json`), 'utf8')) as {
          shard: { index: number; count: number };
          workloads: unknown[];
        };
        expect(shard.shard).toMatchObject({ index, count: 3 });
        expect(shard.workloads.length).toBeGreaterThan(0);
      }
      const merged = JSON.parse(mergedObservation) as Record<string, unknown>;
      const { workloads } = merged as { workloads: { name: string }[] };
      expect(workloads.map((workload) => workload.name)).toEqual(['infra-account', 'trail-new', 'trail-single-region', 'baseline-new', 'baseline-short-password']);
      expect(comparable(merged)).toEqual(comparable(single));
      for (const file of ['junit.xml', 'summary.md', path.join('html', 'index.html')]) {
        expect(existsSync(run.artifacts('observe-merge', 'reports', 'observation', file)), file).toBe(true);
      }
      // Some workload violates a candidate, so the merged matrix is not promotable: exit 1, allowed.
      expect(run.status['observe-merge'], run.output).toBe('WARN');
      expect(run.output).toMatch(/observe-merge finished in .* WARN 1/);
    });

    it('promotes only when the observation allows it: a blocked observation merges nothing', () => {
      expect(run.status.promote, run.output).toBe('FAIL');
      expect(run.output).toMatch(/promote\s+> not promotable/);
    });

    it('force-promote with PROMOTION_REASON records who, when, why and the blocking results on the merge request before merging the observed commit', () => {
      expect(run.status['force-promote'], run.output).toBe('PASS');
      const [note, ...more] = gitlab.notes.get('42!7') ?? [];
      expect(more).toEqual([]);
      expect(note).toContain(FORCED_PROMOTION_MARKER);
      expect(note).toContain('**By:** sec-lead');
      expect(note).toContain('**Reason:** Critical control, SEC-42');
      expect(note).toContain(`**Observed commit:** \`${observedSha}\``);
      expect(note).toMatch(/\| baseline-short-password \| .+ \| failed \|/);
      const record = JSON.parse(forcedRecord) as PromotionDecision;
      expect(record).toMatchObject({ promote: true, clean: false, forced: { by: 'sec-lead', reason: 'Critical control, SEC-42' }, note: { project: '42', mr: '7' }, merge: { sha: observedSha, state: 'merged' } });
      expect(record.blocking.length).toBeGreaterThan(0);
      // The note went out before the merge, and the merge carried the observed sha.
      // (observe-merge's note on the matrix reads the notes first; this stub keeps none, so that comment is only logged.)
      const calls = gitlab.requests.filter((request) => request.method !== 'GET' && request.path.startsWith('/api/v4/projects/42/merge_requests/7'));
      expect(calls.slice(0, 2).map((request) => `${request.method} ${request.path.replace('/api/v4/projects/42/merge_requests/7', '')}`)).toEqual(['POST /notes', 'PUT /merge']);
      expect(calls[1]?.query).toContain(`sha=${observedSha}`);
      expect(run.output).not.toContain(goodToken);
    });

    it('promote merges a promotable observation with the SHA guard: the merge request carries the observed sha', () => {
      expect(cleanPromote.status.promote, cleanPromote.output).toBe('PASS');
      expect(cleanPromote.output).toMatch(/promote\s+> promotable: 1 candidate guardrail\(s\) on 1 workload\(s\)/);
      expect(cleanPromote.output).toContain(`merged at ${observedSha}`);
      const merges = gitlab.requests.filter((request) => request.method === 'PUT');
      expect(merges).toHaveLength(2);
      expect(merges[1]?.query).toContain(`sha=${observedSha}`);
      const record = JSON.parse(readFileSync(cleanPromote.artifacts('promote', 'reports', 'promotion', 'promotion.json'), 'utf8')) as PromotionDecision;
      expect(record).toMatchObject({ promote: true, clean: true, merge: { project: '42', mr: '7', sha: observedSha } });
      expect(record.forced).toBeUndefined();
    });

    it('refuses to force-promote without PROMOTION_REASON', () => {
      // The manual job may fail without failing the pipeline (WARN), but it fails before any work.
      expect(noReason.status['force-promote'], noReason.output).toBe('WARN');
      expect(noReason.output).toMatch(/force-promote > force-promote needs a reason: .*PROMOTION_REASON/);
      expect(noReason.output).toMatch(/force-promote finished in .* WARN 2/);
    });
  });
});
