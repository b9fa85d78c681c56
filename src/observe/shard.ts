import { GuardrailsError } from '../errors.js';

/** One slice of the registry: workload i (0-based) belongs to shard `index` when i % count === index - 1. */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `--shard I/N` (1-based I, 1 <= I <= N). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new GuardrailsError('USAGE', `--shard "${text}" is not a shard; expected I/N with 1 <= I <= N, e.g. --shard 2/4.`, {
      hint: 'Run one job per shard with I = 1..N (GitLab: --shard $CI_NODE_INDEX/$CI_NODE_TOTAL with parallel: N).',
    });
  }
  return { index, count };
}

/** The items of a shard, in registry order; every item lands in exactly one shard. */
export function selectShard<T extends { index: number }>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...items];
  return items.filter((item) => item.index % shard.count === shard.index - 1);
}
