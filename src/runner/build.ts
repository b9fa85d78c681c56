/**
 * Which build the runner belongs to, so that the steps it loads always come from the same one:
 * the compiled package runs dist/steps beside dist/src, and the TypeScript sources (as the tests
 * run them) run steps/ beside src/. Resolving the steps from the package root instead would let
 * tests run fresh sources against a stale compiled copy of the steps.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/src/runner/build.js when compiled, src/runner/build.ts when run from source.
const ownFile = fileURLToPath(import.meta.url);

/** True when the runner runs from its TypeScript sources rather than the compiled package. */
export const runningFromSource = path.extname(ownFile) === '.ts';

/** The built-in steps of this build: dist/steps, or steps/ when running from source. */
export const builtInStepsDir = path.resolve(path.dirname(ownFile), '..', '..', 'steps');

/** The entry point that registers the built-in World, parameter types, hooks and steps of this build. */
export function builtInStepsEntry(): string {
  return path.join(builtInStepsDir, runningFromSource ? 'index.ts' : 'index.js');
}

let sourceLoader: Promise<void> | undefined;

/**
 * Cucumber imports support code with Node's own `import()`, which cannot read TypeScript: when the
 * runner runs from source, a TypeScript loader (tsx, a development dependency) is registered once
 * so that the source steps load too. The compiled package never takes this path.
 */
export function enableSourceSteps(): Promise<void> {
  if (!runningFromSource) return Promise.resolve();
  sourceLoader ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return sourceLoader;
}

/** The package's public entry point (`import ... from 'tofu-guardrails'`) of this build. */
export function ownPackageEntry(): string {
  return path.resolve(path.dirname(ownFile), '..', runningFromSource ? 'index.ts' : 'index.js');
}
