import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGuardrailsError } from '../../src/errors.js';
import { supportLibrary } from '../../src/runner/support.js';
import { cucumberEnvironment } from '../../src/runner/environment.js';
import { workspace } from './harness.js';

async function loadError(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the step files to be refused');
    },
    (error: unknown) => error as Error,
  );
}

describe('--steps files that would silently load nothing, or never load', () => {
  it('a glob that matches nothing is an input error naming it', async () => {
    const cwd = workspace({ 'steps/readme.txt': 'no steps here' });
    const error = await loadError(supportLibrary(['steps/**/*.mjs'], cucumberEnvironment(cwd, {})));
    expect(isGuardrailsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND', file: 'steps/**/*.mjs', exitCode: 2 });
    expect(error.message).toContain('the --steps glob matches no file');
  });

  it('a step file whose top-level await never settles is refused after a bounded wait', async () => {
    const cwd = workspace({});
    // A unique file name: Node imports a module once per process, and this one never finishes.
    const file = path.join(cwd, 'hanging-steps.mjs');
    writeFileSync(file, 'await new Promise(() => {});\n');
    const error = await loadError(supportLibrary(['hanging-steps.mjs'], cucumberEnvironment(cwd, {}), { loadTimeoutMs: 300 }));
    expect(isGuardrailsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FEATURE_INVALID', file: 'hanging-steps.mjs', exitCode: 2 });
    expect(error.message).toContain('did not finish loading within 0.3 s');
  });
});
