/**
 * Renders every guardrail example (`features/<id>/examples/<case>/`) and the bundled workload
 * (`examples/infra-account/`) from their descriptions, and writes them when run directly:
 *
 *   npx tsc -p test/support/tsconfig.json && node dist/examples-writer/write-examples.js
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { writeSources } from './hcl-writer.js';
import { buildPlan, planJson } from './plan-builder.js';
import type { ExampleCase } from './examples/common.js';
import { allCases } from './examples/catalogue.js';
import { infraAccountFiles } from './examples/infra-account.js';

/** The files of one example case: relative to its case directory → content. */
export function caseFiles(c: ExampleCase): Record<string, string> {
  const files: Record<string, string> = { 'tfplan.json': planJson(buildPlan(c.plan)) };
  const expect: Record<string, unknown> = { description: c.description, status: c.status };
  if (c.findings && c.findings.length > 0) expect.findings = [...c.findings];
  files['expect.yaml'] = stringify(expect, { lineWidth: 0 });
  if (c.sources) Object.assign(files, writeSources(c.plan, c.sources));
  return files;
}

/** Every generated file, relative to the repository root → content. */
export function renderExampleFiles(cases: readonly ExampleCase[] = allCases()): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cases) {
    for (const [file, text] of Object.entries(caseFiles(c))) out.set(`features/${c.guardrail}/examples/${c.name}/${file}`, text);
  }
  for (const [file, text] of Object.entries(infraAccountFiles())) out.set(`examples/infra-account/${file}`, text);
  return out;
}

/** Directories the generator owns and replaces wholesale, relative to the repository root. */
export function generatedDirectories(cases: readonly ExampleCase[] = allCases()): string[] {
  const guardrails = [...new Set(cases.map((c) => c.guardrail))].sort();
  return guardrails.map((g) => `features/${g}/examples`);
}

/** Replaces the generated examples under `repoRoot`; the hand-written README of the workload stays. */
export function writeExampleFiles(repoRoot: string): number {
  for (const dir of generatedDirectories()) rmSync(path.join(repoRoot, dir), { recursive: true, force: true });
  const files = renderExampleFiles();
  for (const [rel, text] of files) {
    const target = path.join(repoRoot, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return files.size;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  // Compiled to dist/examples-writer/: the repository root is two levels up.
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const count = writeExampleFiles(repoRoot);
  console.log(`wrote ${count} files under ${repoRoot}`);
}
