/**
 * The runner and the built-in steps always come from the same build: the sources under test run the
 * source steps, the compiled package its compiled steps. Were the tests to run the source runner
 * with dist/steps, an edit to a step or a check would go untested until the next build.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cucumberEnvironment } from '../../src/runner/environment.js';
import { stepDefinitionFile, supportLibrary } from '../../src/runner/support.js';
import { repoRoot } from './harness.js';

describe('one build', () => {
  it('the runner under test loads the step definitions from the TypeScript sources beside it, not from dist', async () => {
    // The loaded library carries its step definitions, though cucumber's public type does not list them.
    const library = (await supportLibrary([], cucumberEnvironment(repoRoot))) as unknown as { stepDefinitions: Array<{ uri: string }> };
    const files = new Set(library.stepDefinitions.map((definition) => stepDefinitionFile(definition.uri)));
    expect(library.stepDefinitions.length).toBeGreaterThan(20);
    expect([...files]).toEqual([path.join(repoRoot, 'steps', 'index.ts')]);
  });

  it('the compiled runner pairs with the compiled steps', async () => {
    const compiled = path.join(repoRoot, 'dist', 'src', 'runner', 'build.js');
    if (!existsSync(compiled)) {
      expect(process.env.CI, 'dist/ is missing: npm test builds it first').toBeFalsy();
      return;
    }
    const build = (await import(pathToFileURL(compiled).href)) as typeof import('../../src/runner/build.js');
    expect(build.runningFromSource).toBe(false);
    expect(build.builtInStepsEntry()).toBe(path.join(repoRoot, 'dist', 'steps', 'index.js'));
  });
});
