/** Commander option parser for a repeatable option: `--format a --format b` gives `['a', 'b']`. */
export function collectRepeated(value: string, previous: string[]): string[] {
  return [...previous, value];
}
