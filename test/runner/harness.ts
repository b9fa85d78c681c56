/**
 * Runner test harness: writes feature files and plan JSON into a fresh temporary directory and
 * runs `guardrails check` in-process against it, with that directory as the working directory.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import { BufferSink } from '../../src/cli/io.js';
import type { FindingsReport } from '../../src/report/types.js';
import { rawPlan, type RawProvider, type RawResource } from '../support/raw-plan.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A temporary working directory holding the given files (relative path → content; objects are written as JSON). */
export function workspace(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'guardrails-runner-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Plan JSON for a workspace file. */
export function plan(resources: readonly RawResource[], providers: readonly RawProvider[] = []): object {
  return rawPlan({ resources, providers });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`. */
export async function cli(cwd: string, argv: readonly string[]): Promise<CliRun> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(argv, { cwd, env: {}, stdout, stderr, stdin: Readable.from([]), stderrIsTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs `guardrails check --format json:-` and parses the report (the run must not have ended in a usage error). */
export async function checkJson(cwd: string, argv: readonly string[]): Promise<{ code: number; report: FindingsReport; stderr: string }> {
  const run = await cli(cwd, ['check', '--format', 'json:-', ...argv]);
  if (run.code >= 2) throw new Error(`guardrails check exited ${run.code}: ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as FindingsReport, stderr: run.stderr };
}

/** A bucket named like a state bucket, with encryption configuration whose algorithm is as given. */
export function stateBucket(sseAlgorithm: string | 'UNKNOWN'): RawResource[] {
  const unknown = sseAlgorithm === 'UNKNOWN';
  return [
    { address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate' }, unknown: { id: true, arn: true }, expressions: { bucket: { constant_value: 'acme-tfstate' } } },
    {
      address: 'aws_s3_bucket_server_side_encryption_configuration.state',
      values: { rule: [{ apply_server_side_encryption_by_default: [unknown ? {} : { sse_algorithm: sseAlgorithm }], bucket_key_enabled: true }] },
      unknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [unknown ? { sse_algorithm: true } : {}] }] },
      expressions: {
        bucket: { references: ['aws_s3_bucket.state.id', 'aws_s3_bucket.state'] },
        rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: unknown ? { references: ['var.algorithm'] } : { constant_value: sseAlgorithm } }] }],
      },
    },
  ];
}

/** A feature file with an id, tags and scenarios (each scenario a list of step lines). */
export function feature(id: string | undefined, scenarios: Record<string, string[]>, options: { tags?: string; background?: string[] } = {}): string {
  const tags = [id === undefined ? '' : `@id:${id}`, options.tags ?? ''].filter(Boolean).join(' ');
  const lines = [tags, `Feature: ${id ?? 'a guardrail without id'}`, ''];
  if (options.background) lines.push('  Background:', ...options.background.map((step) => `    ${step}`), '');
  for (const [name, steps] of Object.entries(scenarios)) {
    const [tagLine, title] = name.startsWith('@') ? [name.slice(0, name.indexOf(' ')), name.slice(name.indexOf(' ') + 1)] : [undefined, name];
    if (tagLine) lines.push(`  ${tagLine}`);
    lines.push(`  Scenario: ${title}`, ...steps.map((step) => `    ${step}`), '');
  }
  return lines.join('\n');
}
