import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { ObservationReport } from '../../src/report/types.js';

// The real runner and the bundled catalogue, through the CLI, against the catalogue's own example plans.
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const example = (guardrail: string, name: string): string => path.join(repoRoot, 'features', guardrail, 'examples', name, 'tfplan.json');
const candidate = path.join(repoRoot, 'features', 'state-bucket-kms-only', 'state-bucket-kms-only.feature');

let dir: string;
const registry = (workloads: Array<[string, string]>): string =>
  `workloads:\n${workloads.map(([name, plan]) => `  - name: ${name}\n    plan: ${JSON.stringify(plan)}\n`).join('')}`;

async function guardrails(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(args, { cwd: dir, env: {}, stdout, stderr, stdin: process.stdin, stderrIsTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const readJson = async (file: string): Promise<ObservationReport> => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as ObservationReport;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'observe-e2e-'));
  await writeFile(path.join(dir, 'compliant.yaml'), registry([
    ['bootstrap', example('state-bucket-kms-only', 'compliant-bootstrapped-state-bucket')],
    ['module-backend', example('state-bucket-kms-only', 'compliant-module-state-backend')],
    ['no-bucket', example('state-bucket-kms-only', 'not-applicable-no-state-bucket')],
  ]));
  await writeFile(path.join(dir, 'mixed.yaml'), registry([
    ['bootstrap', example('state-bucket-kms-only', 'compliant-bootstrapped-state-bucket')],
    ['aes', example('state-bucket-kms-only', 'violating-sse-aes256')],
    ['deferred-key', example('state-bucket-kms-only', 'indeterminate-kms-key-from-deferred-data-source')],
    ['no-bucket', example('state-bucket-kms-only', 'not-applicable-no-state-bucket')],
    ['gone', 'missing/tfplan.json'],
  ]));
});

describe('observe with the real runner', () => {
  it('is promotable when every workload passes or is not applicable', async () => {
    const run = await guardrails(['observe', '--workloads', 'compliant.yaml', '--features', candidate, '--format', 'json:compliant.json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = await readJson('compliant.json');
    expect(report.guardrails.map((g) => [g.id, g.totals])).toEqual([
      ['state-bucket-kms-only', { passed: 2, failed: 0, indeterminate: 0, 'not-applicable': 1, error: 0 }],
    ]);
  });

  it('blocks on a failing, an indeterminate and an unloadable workload, and merged shards equal the whole run', async () => {
    const whole = await guardrails(['observe', '--workloads', 'mixed.yaml', '--features', candidate, '--concurrency', '2', '--format', 'json:whole.json']);
    expect(whole.code).toBe(1);
    const report = await readJson('whole.json');
    expect(report.promotion.blocking).toEqual([
      { guardrail: 'state-bucket-kms-only', workload: 'aes', status: 'failed' },
      { guardrail: 'state-bucket-kms-only', workload: 'deferred-key', status: 'indeterminate' },
      { guardrail: 'state-bucket-kms-only', workload: 'gone', status: 'error' },
    ]);
    const aes = report.workloads[1]!.report!;
    expect(aes.workload).toBe('aes');
    expect(aes.guardrails[0]!.enforcement).toBe('observe');
    expect(aes.guardrails[0]!.findings.map((f) => f.address)).toContain('aws_s3_bucket_server_side_encryption_configuration.state');
    expect(report.workloads[4]!.error).toMatch(/missing\/tfplan\.json/);

    for (const shard of ['1/2', '2/2']) {
      const run = await guardrails(['observe', '--workloads', 'mixed.yaml', '--features', candidate, '--shard', shard, '--format', `json:shard-${shard[0]}.json`]);
      expect(run.code).toBe(1);
    }
    const merged = await guardrails(['observe', 'merge', 'shard-2.json', 'shard-1.json', '--format', 'json:merged.json']);
    expect(merged.code).toBe(1);
    expect(await readJson('merged.json')).toEqual(report);
  });

  it('lets an active waiver carry the failing workload, and promote agrees', async () => {
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await writeFile(path.join(dir, 'waivers.yaml'), `waivers:\n  - guardrail: state-bucket-kms-only\n    workload: aes\n    addresses: ['aws_s3_bucket_server_side_encryption_configuration.*']\n    reason: Migration to the stack key, SEC-12\n    owner: dana\n    expires: ${expires}\n`);
    await writeFile(path.join(dir, 'two.yaml'), registry([
      ['bootstrap', example('state-bucket-kms-only', 'compliant-bootstrapped-state-bucket')],
      ['aes', example('state-bucket-kms-only', 'violating-sse-aes256')],
    ]));
    const run = await guardrails(['observe', '--workloads', 'two.yaml', '--features', candidate, '--waivers', 'waivers.yaml', '--format', 'json:waived.json']);
    expect(run.code).toBe(0);
    const aes = (await readJson('waived.json')).workloads[1]!.report!;
    expect(aes.guardrails[0]!.status).toBe('passed');
    expect(aes.guardrails[0]!.findings.every((f) => f.status === 'waived')).toBe(true);
    expect((await guardrails(['promote', '--observation', 'waived.json'])).code).toBe(0);
  });
});
