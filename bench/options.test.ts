import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './options.js';

describe('parseBenchOptions', () => {
  it.each([
    [[], { sizes: [1000, 10000, 50000], repetitions: 3, seed: 42, observe: true, shapes: ['synthetic', 'module-buckets', 'root-buckets', 'iam-roles'], nodes: [] }],
    [['--sizes', '50000,1000', '--repetitions', '5', '--seed', '7'], { sizes: [1000, 50000], repetitions: 5, seed: 7, observe: true, shapes: ['synthetic', 'module-buckets', 'root-buckets', 'iam-roles'], nodes: [] }],
    [['--skip-observe'], { sizes: [1000, 10000, 50000], repetitions: 3, seed: 42, observe: false, shapes: ['synthetic', 'module-buckets', 'root-buckets', 'iam-roles'], nodes: [] }],
    [['--quick', '--repetitions', '9'], { sizes: [1000, 10000], repetitions: 1, seed: 42, observe: true, shapes: ['synthetic', 'module-buckets', 'root-buckets', 'iam-roles'], nodes: [] }],
    [
      ['--shapes', 'iam-roles,synthetic', '--node', '/opt/node22/bin/node', '--node', 'node24'],
      { sizes: [1000, 10000, 50000], repetitions: 3, seed: 42, observe: true, shapes: ['iam-roles', 'synthetic'], nodes: ['/opt/node22/bin/node', 'node24'] },
    ],
  ])('%j', (argv, expected) => {
    expect(parseBenchOptions(argv)).toEqual(expected);
  });

  it.each([
    [['--sizes', '1000,ten'], /--sizes expects integers ≥ 1, got "ten"/],
    [['--repetitions', '0'], /--repetitions expects integers ≥ 1/],
    [['--fast'], /Unknown option '--fast'[\s\S]*usage: npm run bench/],
    [['--shapes', 'synthetic,buckets'], /--shapes expects names among synthetic, module-buckets, root-buckets, iam-roles, got "buckets"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
