/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { shapeNames, type ShapeName } from './shapes.js';

export interface BenchOptions {
  sizes: number[];
  repetitions: number;
  seed: number;
  observe: boolean;
  /** Plan shapes to measure at every size (shapes.ts). */
  shapes: ShapeName[];
  /** Further Node executables whose fixed cost is measured besides the one running the bench. */
  nodes: string[];
}

const defaultSizes = [1_000, 10_000, 50_000];
/** Resource count of the plan used to measure fixed cost (process start to exit). */
export const fixedCostResources = 10;

const usage =
  `usage: npm run bench -- [--sizes 1000,10000,50000] [--shapes ${shapeNames.join(',')}] [--repetitions 3] [--seed 42] [--skip-observe] [--node PATH]... [--quick]`;

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
        shapes: { type: 'string' },
        node: { type: 'string', multiple: true, default: [] },
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
  const shapes = parsed.shapes === undefined ? [...shapeNames] : parsed.shapes.split(',').map((name) => shapeOf(name.trim()));
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    shapes: [...new Set(shapes)],
    nodes: parsed.node,
    repetitions: parsed.quick ? 1 : parsed.repetitions === undefined ? 3 : integer(parsed.repetitions, 'repetitions', 1),
    seed: parsed.seed === undefined ? 42 : integer(parsed.seed, 'seed', 0),
    observe: !parsed['skip-observe'],
  };
}

function shapeOf(name: string): ShapeName {
  if ((shapeNames as readonly string[]).includes(name)) return name as ShapeName;
  throw new RangeError(`--shapes expects names among ${shapeNames.join(', ')}, got "${name}"\n${usage}`);
}
