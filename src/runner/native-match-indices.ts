/**
 * Cucumber matches step text with cucumber-expressions, which reads the offsets of capture groups
 * through `regexp-match-indices`: a polyfill of the RegExp `d` flag that, on its first use of each
 * step pattern, parses the pattern with a full regular-expression parser and rewrites it. On every
 * run that is about a tenth of a second before the first step, for a flag every supported Node has
 * natively. This puts a native implementation with the same contract (`exec(regexp, text)` returns
 * the match with `indices`) in its place in the CommonJS module cache, before cucumber is loaded.
 */
import Module, { createRequire } from 'node:module';

/** Installs the native implementation once; leaves everything as it is when the polyfill cannot be found. */
export function useNativeMatchIndices(): void {
  let file: string;
  try {
    const here = createRequire(import.meta.url);
    const expressions = createRequire(here.resolve('@cucumber/cucumber')).resolve('@cucumber/cucumber-expressions');
    file = createRequire(expressions).resolve('regexp-match-indices');
  } catch {
    return;
  }
  const cache = createRequire(import.meta.url).cache;
  if (cache[file] !== undefined) return;
  const entry = new Module(file);
  entry.filename = file;
  entry.exports = execWithIndices;
  entry.loaded = true;
  cache[file] = entry;
}

/** The same pattern with the `d` flag, made once per pattern. */
const withIndices = new WeakMap<RegExp, RegExp>();

/** `regexp.exec(text)` with `indices` on the result, honouring and updating `lastIndex` as exec does. */
export function execWithIndices(regexp: RegExp, text: string): RegExpExecArray | null {
  let measuring = withIndices.get(regexp);
  if (measuring === undefined) {
    measuring = regexp.hasIndices ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
    withIndices.set(regexp, measuring);
  }
  measuring.lastIndex = regexp.lastIndex;
  const match = measuring.exec(text);
  regexp.lastIndex = measuring.lastIndex;
  return match;
}
