/**
 * Tests that need something outside the repository (the shared plan corpus, a terraform binary,
 * Chromium, gitlab-ci-local) skip on a developer machine that lacks it, saying so in one line; CI
 * provides all of them: there a missing one is a failure, never a quiet skip.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const reported = new Set<string>();

export function availableUnlessCI(available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env.CI) {
    throw new Error(`${what} is missing, and CI must provide it; the tests that need it cannot be skipped there.`);
  }
  if (!reported.has(what)) {
    reported.add(what);
    console.warn(`skipped: ${what} is missing, so the tests that need it do not run here (CI runs them).`);
  }
  return false;
}

/** The shared plan corpus, kept beside the repository (../shared/corpus). */
export const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus');

/** True when the corpus is there; skips (one line) or, under CI, fails when it is not. */
export function corpusAvailable(): boolean {
  return availableUnlessCI(existsSync(corpusDir), `the shared plan corpus (${path.join('..', 'shared', 'corpus')})`);
}
