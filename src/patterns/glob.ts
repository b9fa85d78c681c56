/**
 * Globs for resource addresses and workload names (waivers, observation filters). Waivers come from
 * merge requests; a glob compiled to a backtracking RegExp (as glob libraries do) hangs on a dozen
 * `*` against a long address, so globs run on RE2 (re2js), in time linear in the address.
 *
 * The language is deliberately small, because addresses are full of characters that are syntax in
 * richer globs (`module.a["x"].b[0]`): `*` matches any run of characters (a `/` or `.` included,
 * so `module.a[*].aws_s3_bucket.*` covers every instance), `?` one character other than `/`, and
 * `\` makes a following `*`, `?` or `\` literal. Text inside double quotes (a key) is literal, so
 * `module.a["*"]` is only the key `*`. Every other character stands for itself.
 */
import { RE2JS } from 're2js';

/** Longer globs are refused: real ones are an address or two long. */
export const MAX_GLOB_LENGTH = 1000;

export class GlobError extends Error {}

/** A matcher for one glob over whole strings. */
export function globMatcher(glob: string): (text: string) => boolean {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`the glob is ${glob.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed`);
  const compiled = RE2JS.compile(globToRegex(glob));
  return (text) => compiled.testExact(text);
}

function globToRegex(glob: string): string {
  let regex = '';
  let quoted = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '"') quoted = !quoted;
    if (quoted || char === '"') {
      regex += RE2JS.quote(char);
    } else if (char === '*') {
      // Consecutive stars mean the same as one; collapsing them keeps the program small.
      while (glob[i + 1] === '*') i++;
      regex += '.*';
    } else if (char === '?') {
      regex += '[^/]';
    } else if (char === '\\' && i + 1 < glob.length && '*?\\'.includes(glob[i + 1] as string)) {
      regex += RE2JS.quote(glob[++i] as string);
    } else {
      regex += RE2JS.quote(char);
    }
  }
  return regex;
}
