import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInSteps, parameterTypes } from '../../steps/catalog.js';
import type { StepSpec } from '../../steps/registry.js';
// @ts-expect-error: a plain ESM script without type declarations
import { renderStepsDoc, stepsDocFile } from '../../scripts/generate-steps-doc.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const render = renderStepsDoc as (steps: readonly Pick<StepSpec, 'keyword' | 'family' | 'expression' | 'description' | 'example'>[], types: typeof parameterTypes) => string;

describe('docs/steps.md', () => {
  it('matches the step registry', async () => {
    const committed = await readFile(path.join(repoRoot, stepsDocFile as string), 'utf8');
    expect(committed, 'docs/steps.md is out of date with the step registry (steps/catalog.ts): run `npm run docs:steps` and commit the result').toBe(
      render(builtInSteps, parameterTypes),
    );
  });

  it('has a section for every step family and a heading for every step', () => {
    const doc = render(builtInSteps, parameterTypes);
    for (const step of builtInSteps) {
      expect(doc).toContain(`### \`${step.keyword} ${step.expression}\``);
      expect(doc).toContain(`\`\`\`gherkin\n${step.example}\n\`\`\``);
    }
    const families = new Set(builtInSteps.map((step) => step.family));
    const headings = doc.split('\n').filter((line) => /^## /.test(line) && line !== '## Parameter types');
    expect(headings).toHaveLength(families.size);
  });

  const step = { keyword: 'Then' as const, family: 'attributes', expression: 'its {attribute} is set', example: 'Then its "a" is set' };
  it.each([
    ['angle brackets', 'an ARN (arn:aws:iam::<account>:root)', 'an ARN (arn:aws:iam::\\<account\\>:root)'],
    ['wildcard brackets', 'With [*], every item must.', 'With \\[\\*\\], every item must.'],
    ['pipes and backticks', 'a|b `c`', 'a\\|b \\`c\\`'],
    ['plain text', 'Keeps the selected resources.', 'Keeps the selected resources.'],
  ])('escapes Markdown in descriptions: %s', (_name, description, rendered) => {
    const doc = render([{ ...step, description }], []);
    expect(doc).toContain(`\n${rendered}\n`);
  });
});
