/**
 * CIDR ranges as security group rules write them (`10.0.0.0/16`, `::/0`): parsing, containment, and
 * whether a set of ranges covers a whole address family, which is what "open to the internet" means.
 * Addresses are parsed by ipaddr.js; the arithmetic on them is plain BigInt.
 */
import ipaddr from 'ipaddr.js';

/** One parsed range: the first and last address it holds, as numbers. */
export interface CidrRange {
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
  /** As written. */
  readonly text: string;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Parses `a.b.c.d/n` or an IPv6 `x::y/n`; undefined for anything AWS would not take as a CIDR block
 * (a bare address, a zone id, a prefix out of range, IPv4 in another form than four decimal parts).
 * Host bits set below the prefix are ignored, as `net.ParseCIDR` does.
 */
export function parseCidr(text: string): CidrRange | undefined {
  if (text.length > 64) return undefined;
  const slash = text.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return undefined;
  let family: 4 | 6;
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) family = 4;
  else if (ipaddr.IPv6.isValidCIDR(text) && !text.includes('%')) family = 6;
  else return undefined;
  const [address, prefix] = ipaddr.parseCIDR(text);
  const bits = BITS[family];
  const value = address.toByteArray().reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  const last = first | ((1n << hostBits) - 1n);
  return { family, prefix, first, last, text };
}

/** True when `inner` lies wholly inside `outer` (same family). */
export function isWithin(inner: CidrRange, outer: CidrRange): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
}

/**
 * True when the ranges together hold every address of the family: `0.0.0.0/0` alone, or split
 * into pieces (`0.0.0.0/1` and `128.0.0.0/1`) that a rule can list side by side.
 */
export function coversFamily(ranges: readonly CidrRange[], family: 4 | 6): boolean {
  const sorted = ranges.filter((range) => range.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const range of sorted) {
    if (range.first > next) return false;
    if (range.last + 1n > next) next = range.last + 1n;
  }
  return next === 1n << BigInt(BITS[family]);
}
