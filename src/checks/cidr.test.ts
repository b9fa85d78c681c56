import { describe, expect, it } from 'vitest';
import { coversFamily, isWithin, parseCidr, type CidrRange } from './cidr.js';

const range = (text: string): CidrRange => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test range ${text} does not parse`);
  return parsed;
};

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 8, 0x0a000000n, 0x0affffffn],
    ['0.0.0.0/0', 4, 0, 0n, 0xffffffffn],
    ['192.168.1.7/32', 4, 32, 0xc0a80107n, 0xc0a80107n],
    // Host bits below the prefix are ignored, as net.ParseCIDR does.
    ['10.1.2.3/8', 4, 8, 0x0a000000n, 0x0affffffn],
    ['::/0', 6, 0, 0n, (1n << 128n) - 1n],
    ['2001:db8::/32', 6, 32, 0x20010db8n << 96n, ((0x20010db8n + 1n) << 96n) - 1n],
  ])('%s', (text, family, prefix, first, last) => {
    expect(parseCidr(text)).toEqual({ family, prefix, first, last, text });
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    '010.0.0.0/8',
    '0x0a.0.0.0/8',
    'fe80::1%eth0/64',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    'anywhere',
    '',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('isWithin', () => {
  it.each([
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.0.0.0/7', '10.0.0.0/8', false],
    ['11.0.0.0/16', '10.0.0.0/8', false],
    ['0.0.0.0/0', '10.0.0.0/8', false],
    ['2001:db8:1::/48', '2001:db8::/32', true],
    ['10.0.0.0/16', '::/0', false],
  ])('%s within %s: %s', (inner, outer, expected) => {
    expect(isWithin(range(inner), range(outer))).toBe(expected);
  });
});

describe('coversFamily', () => {
  it.each([
    [['0.0.0.0/0'], 4, true],
    [['0.0.0.0/1', '128.0.0.0/1'], 4, true],
    [['128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'], 4, true],
    [['0.0.0.0/1', '128.0.0.0/2'], 4, false],
    [['0.0.0.0/1', '0.0.0.0/1'], 4, false],
    [['10.0.0.0/8'], 4, false],
    [[], 4, false],
    [['::/0'], 4, false],
    [['::/0'], 6, true],
    [['::/1', '8000::/1'], 6, true],
    [['0.0.0.0/0'], 6, false],
  ] as const)('%j covers IPv%d: %s', (texts, family, expected) => {
    expect(coversFamily(texts.map(range), family)).toBe(expected);
  });
});
