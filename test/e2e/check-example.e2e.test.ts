/**
 * The README's quick start: the command behind `npm run check:example` (read from package.json,
 * without its build step) passes on the bundled workload and writes every report. Report paths
 * are moved from the repository's reports/ into a temporary directory so the test is hermetic.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../src/report/types.js';
import { describeRun, repoRoot, runGuardrails, tempDir } from './cli.js';

/** The guardrails CLI arguments of the check:example script, after `node bin/guardrails.js`. */
async function checkExampleArgs(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = manifest.scripts['check:example'] ?? '';
  const commands = script.split('&&').map((command) => command.trim());
  const run = commands.find((command) => command.startsWith('node bin/guardrails.js '));
  if (run === undefined || /["'\\$`]/.test(run)) throw new Error(`check:example is not "... && node bin/guardrails.js <plain arguments>": ${script}`);
  return run.split(/\s+/).slice(2);
}

/** Rewrites every `--format NAME:reports/...` destination into `dir`; other arguments are kept. */
function intoDir(args: readonly string[], dir: string): string[] {
  return args.map((arg, index) => {
    if (args[index - 1] !== '--format' || !arg.includes(':')) return arg;
    const [name, destination] = [arg.slice(0, arg.indexOf(':')), arg.slice(arg.indexOf(':') + 1)];
    if (!destination.startsWith('reports/')) throw new Error(`check:example writes ${arg} outside reports/`);
    return `${name}:${path.join(dir, destination)}`;
  });
}

describe('npm run check:example', () => {
  let dir: string;
  let args: string[];

  beforeAll(async () => {
    dir = await tempDir('check-example');
    args = intoDir(await checkExampleArgs(), dir);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes on the bundled workload and writes every report', async () => {
    const result = await runGuardrails(args);
    expect(result.code, describeRun(args, result)).toBe(0);
    expect(result.stderr, describeRun(args, result)).toBe('');
    // The summary format goes to stdout.
    expect(result.stdout).toMatch(/Verdict: PASSED/);

    const reports = path.join(dir, 'reports');
    for (const file of ['guardrails.json', 'junit.xml', 'codequality.json', 'summary.md', 'html/index.html']) {
      expect(existsSync(path.join(reports, file)), `${file} was not written`).toBe(true);
    }

    const findings = JSON.parse(await readFile(path.join(reports, 'guardrails.json'), 'utf8')) as FindingsReport;
    expect(findings).toMatchObject({ schemaVersion: 1, verdict: 'passed', plan: { path: 'examples/infra-account/tfplan.json' } });
    const ids = findings.guardrails.map((guardrail) => guardrail.id);
    expect(ids.length).toBeGreaterThan(0);
    // Passing verdict: no enforced guardrail failed or was indeterminate.
    expect(findings.guardrails.filter((guardrail) => guardrail.enforcement === 'enforce' && guardrail.status !== 'passed' && guardrail.status !== 'not-applicable')).toEqual([]);

    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(path.join(reports, 'junit.xml'), 'utf8')) as Record<string, unknown>;
    expect(junit).toHaveProperty('testsuites');
    const junitText = await readFile(path.join(reports, 'junit.xml'), 'utf8');
    for (const id of ids) expect(junitText).toContain(id);

    const codequality = JSON.parse(await readFile(path.join(reports, 'codequality.json'), 'utf8')) as unknown;
    expect(Array.isArray(codequality)).toBe(true);

    const markdown = await readFile(path.join(reports, 'summary.md'), 'utf8');
    const html = await readFile(path.join(reports, 'html', 'index.html'), 'utf8');
    expect(html).toMatch(/<html/i);
    for (const id of ids) expect(html, `index.html names ${id}`).toContain(id);
    // The merge request comment counts every outcome and names only what did not pass.
    expect(markdown).toContain(`**Passed:** ${findings.summary.passed}`);
    expect(markdown).toContain(`**Failed:** ${findings.summary.failed}`);
    for (const guardrail of findings.guardrails) {
      if (guardrail.status === 'passed') expect(markdown).not.toContain(`**${guardrail.id}**`);
      else expect(markdown, `summary.md names ${guardrail.id}`).toContain(`**${guardrail.id}**`);
    }
  });
});
