/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  sizes: number[];
  repetitions: number;
  seed: number;
  observe: boolean;
}

const defaultSizes = [1_000, 10_000, 50_000];
/** Resource count of the plan used to measure fixed cost (process start to exit). */
export const fixedCostResources = 10;

const usage =
  'usage: npm run bench -- [--sizes 1000,10000,50000] [--repetitions 3] [--seed 42] [--skip-observe] [--quick]';

/** Parses the options; throws a RangeError carrying the usage line when they are wrong. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        sizes: { type: 'string' },
        repetitions: { type: 'string' },
        seed: { type: 'string' },
        'skip-observe': { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new RangeError(`${(error as Error).message}\n${usage}`);
  }
  const integer = (text: string, name: string, min: number): number => {
    const value = Number(text.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < min) throw new RangeError(`--${name} expects integers ≥ ${min}, got "${text}"\n${usage}`);
    return value;
  };
  // Quick is a smoke test: two sizes, one run each, whatever else was asked.
  const sizes = parsed.quick
    ? [1_000, 10_000]
    : parsed.sizes === undefined
      ? defaultSizes
      : parsed.sizes.split(',').map((size) => integer(size.trim(), 'sizes', 1));
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    repetitions: parsed.quick ? 1 : parsed.repetitions === undefined ? 3 : integer(parsed.repetitions, 'repetitions', 1),
    seed: parsed.seed === undefined ? 42 : integer(parsed.seed, 'seed', 0),
    observe: !parsed['skip-observe'],
  };
}
