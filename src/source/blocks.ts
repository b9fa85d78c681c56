/**
 * Walking the JSON form of a configuration file. hcl2json always gives a list of bodies per block
 * (`"lifecycle": [{…}]`); Terraform's JSON syntax allows a single object too, so both are read.
 */
import type { ConfigBody } from './parse.js';

export type Body = Record<string, unknown>;

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The bodies of a block written once (object) or several times (list of objects). */
export function bodiesOf(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

/** Entries of a labelled block map (`resource.<type>`, `provider.<name>`), empty when absent. */
export function labelled(value: unknown): [string, unknown][] {
  return isBody(value) ? Object.entries(value) : [];
}

/** Every `kind "a" "b" {}` block of a file, with its labels, in file order. */
export function twoLabelBlocks(file: ConfigBody, kind: string): { first: string; second: string; body: Body }[] {
  const blocks: { first: string; second: string; body: Body }[] = [];
  for (const [first, byName] of labelled(file[kind])) {
    for (const [second, bodies] of labelled(byName)) {
      for (const body of bodiesOf(bodies)) blocks.push({ first, second, body });
    }
  }
  return blocks;
}

/** Every `kind "a" {}` block of a file, with its label, in file order. */
export function oneLabelBlocks(file: ConfigBody, kind: string): { label: string; body: Body }[] {
  const blocks: { label: string; body: Body }[] = [];
  for (const [label, bodies] of labelled(file[kind])) {
    for (const body of bodiesOf(bodies)) blocks.push({ label, body });
  }
  return blocks;
}
