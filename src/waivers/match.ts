import picomatch from 'picomatch';

/**
 * Resource addresses are full of characters that are glob syntax elsewhere: `module.a["x"]`,
 * `aws_s3_bucket.b[0]`. Brackets are taken literally and quoted keys are literal text, so an
 * address written out in full always matches itself; `*` still matches anything (including
 * `/` inside keys), so `module.a[*].aws_s3_bucket.*` covers every instance of the module.
 */
const addressGlobOptions: picomatch.PicomatchOptions = {
  bash: true,
  dot: true,
  keepQuotes: true,
  nobracket: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
};

/** A matcher for resource-address globs. */
export function addressMatcher(globs: readonly string[]): (address: string) => boolean {
  const matchers = globs.map((glob) => picomatch(glob, addressGlobOptions));
  return (address) => matchers.some((matches) => matches(address));
}

/** A matcher for a workload-name glob (`payments-*`). */
export function workloadMatcher(glob: string): (name: string) => boolean {
  return picomatch(glob, addressGlobOptions);
}
