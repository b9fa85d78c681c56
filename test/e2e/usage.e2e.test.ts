/**
 * Usage mistakes through the built binary: exit 2 with one `error:` paragraph that says what was
 * expected, before any plan is read or report written.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectUserError, repoRoot, runGuardrails, tempDir } from './cli.js';

const PLAN = 'examples/infra-account/tfplan.json';

const MISTAKES: ReadonlyArray<{ name: string; args: string[]; says: RegExp }> = [
  { name: 'an unknown command', args: ['nope'], says: /unknown command 'nope'/ },
  { name: 'check without --plan', args: ['check'], says: /required option '--plan <plan>' not specified/ },
  {
    name: 'an unknown report format',
    args: ['check', '--plan', PLAN, '--format', 'nope'],
    says: /unknown report format "nope".*expected one of: summary, json, junit, html, codequality, markdown/s,
  },
  { name: 'an unknown indeterminate policy', args: ['check', '--plan', PLAN, '--on-indeterminate', 'maybe'], says: /'maybe' is invalid.*fail, warn/s },
];

describe('usage mistakes', () => {
  it.each(MISTAKES)('$name exits 2 with one error paragraph', async ({ args, says }) => {
    expectUserError(await runGuardrails(args), undefined, says);
  });
});

describe('feature mistakes', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('feature-mistakes');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'a narrowing step', step: 'Given those whose "bucket" matches /state/' },
    { name: 'an attribute check', step: 'Then its "bucket" is set' },
  ])('$name before any selection exits 2 naming the line', async ({ step }) => {
    await writeFile(path.join(dir, 'unselected.feature'), `@id:unselected @enforce\nFeature: unselected\n\n  Scenario: starts without a selection\n    ${step}\n    Then there are at least 1 of them\n`);
    const result = await runGuardrails(['check', '--plan', path.join(repoRoot, PLAN), '--features', 'unselected.feature'], { cwd: dir });
    expectUserError(result, 'unselected.feature:5', /cannot run: no resources are selected yet/);
  });
});
