import { globMatcher } from '../patterns/glob.js';

/** A matcher for resource-address globs. */
export function addressMatcher(globs: readonly string[]): (address: string) => boolean {
  const matchers = globs.map(globMatcher);
  return (address) => matchers.some((matches) => matches(address));
}

/** A matcher for a workload-name glob (`payments-*`). */
export function workloadMatcher(glob: string): (name: string) => boolean {
  return globMatcher(glob);
}
