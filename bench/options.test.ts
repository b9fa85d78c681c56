import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './options.js';

describe('parseBenchOptions', () => {
  it.each([
    [[], { sizes: [1000, 10000, 50000], repetitions: 3, seed: 42, observe: true }],
    [['--sizes', '50000,1000', '--repetitions', '5', '--seed', '7'], { sizes: [1000, 50000], repetitions: 5, seed: 7, observe: true }],
    [['--skip-observe'], { sizes: [1000, 10000, 50000], repetitions: 3, seed: 42, observe: false }],
    [['--quick', '--repetitions', '9'], { sizes: [1000, 10000], repetitions: 1, seed: 42, observe: true }],
  ])('%j', (argv, expected) => {
    expect(parseBenchOptions(argv)).toEqual(expected);
  });

  it.each([
    [['--sizes', '1000,ten'], /--sizes expects integers ≥ 1, got "ten"/],
    [['--repetitions', '0'], /--repetitions expects integers ≥ 1/],
    [['--fast'], /Unknown option '--fast'[\s\S]*usage: npm run bench/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
