import { GuardrailsError } from '../errors.js';

/** Commander option parser for a repeatable option: `--format a --format b` gives `['a', 'b']`. */
export function collectRepeated(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A duration option given in seconds (`--show-timeout 300`), as milliseconds; a positive number, fractions allowed. */
export function secondsOption(option: string, seconds: string): number {
  const value = Number(seconds);
  if (!Number.isFinite(value) || value <= 0) {
    throw new GuardrailsError('USAGE', `${option} "${seconds}" is not a positive number of seconds.`, { hint: `e.g. ${option} 300.` });
  }
  return Math.round(value * 1000);
}
