/**
 * Regular expressions written in feature files. Features come from merge requests, so a pattern
 * such as /^(a+)+$/ must not be able to hang the gate: user patterns run on RE2 (re2js, pure
 * JavaScript), whose matching time is linear in the input. RE2 has no lookaround and no
 * backreferences; a pattern using them is a feature error, not a slower match.
 */
import { RE2JS } from 're2js';

/** A compiled user pattern: tests text anywhere (like RegExp.test) and prints as /source/flags. */
export interface TextPattern {
  readonly source: string;
  readonly flags: string;
  test(text: string): boolean;
  toString(): string;
}

/** The flags a feature may use; stateful ones (g, y) would make repeated tests alternate. */
const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 always matches by code point, which is what `u` asks of a JavaScript RegExp.
  u: 0,
};

/** Longer patterns are refused: RE2's cost grows with the pattern too, and real ones are short. */
export const MAX_PATTERN_LENGTH = 1000;

export class PatternError extends Error {}

/** Compiles a feature's /source/flags; throws PatternError with a message fit for a feature error. */
export function compileUserRegex(source: string, flags: string): TextPattern {
  const unknownFlags = [...flags].filter((flag) => !(flag in FLAG_BITS));
  if (unknownFlags.length > 0) throw new PatternError(`regular expression flags "${flags}" are not allowed: use only i, m, s or u`);
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`the regular expression is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
  let compiled: RE2JS;
  try {
    // JavaScript spellings RE2 writes differently (named groups, \/) are translated first.
    compiled = RE2JS.compile(RE2JS.translateRegExp(source), [...flags].reduce((bits, flag) => bits | (FLAG_BITS[flag] ?? 0), 0));
  } catch (error) {
    throw new PatternError(
      `/${source}/${flags} is not a regular expression this tool can run (${(error as Error).message}); patterns run in linear time, so lookahead, lookbehind and backreferences are not supported`,
    );
  }
  return {
    source,
    flags,
    test: (text) => compiled.test(text),
    toString: () => `/${source}/${flags}`,
  };
}
