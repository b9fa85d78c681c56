/**
 * Tests that need something outside the repository (the shared plan corpus, a terraform binary) skip
 * on a developer machine that lacks it, but CI provides all of them: there a missing one is a failure,
 * never a quiet skip.
 */
export function availableUnlessCI(available: boolean, what: string): boolean {
  if (!available && process.env.CI) {
    throw new Error(`${what} is missing, and CI must provide it; the tests that need it cannot be skipped there.`);
  }
  return available;
}
