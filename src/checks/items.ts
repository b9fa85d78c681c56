import { readPath } from '../plan/index.js';
import type { ItemSubject, ResourceSubject, Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/** The items of a list (or map) attribute of each subject, and what could not be enumerated. */
export interface ItemPivot {
  readonly items: ItemSubject[];
  /** One verdict per subject whose list cannot be enumerated: indeterminate (unknown) or failed (not a list). */
  readonly verdicts: Verdict[];
  /** The resources whose items could not all be told: a quantifier never passes them. */
  readonly undecided: ResourceSubject[];
}

/**
 * Moves from resources (or items) to the items of the list or map at `path` in each of them. An
 * absent, null or empty list has no items; a list known only after apply is indeterminate for its
 * resource; a value that is not a list or map fails, since the rule was written about items.
 */
export function takeItems(subjects: readonly Subject[], path: string): ItemPivot {
  const items: ItemSubject[] = [];
  const verdicts: Verdict[] = [];
  const undecided: ResourceSubject[] = [];
  for (const subject of subjects) {
    if (subject.kind !== 'resource' && subject.kind !== 'item') {
      verdicts.push(verdict(subject, 'failed', path, `cannot be read: ${subject.address} is not a resource, so it has no items`));
      continue;
    }
    const parent = subject.kind === 'resource' ? subject : subject.parent;
    const base = subject.kind === 'resource' ? path : `${subject.path}.${path}`;
    for (const entry of readPath(subject.resource, `${base}[*]`)) {
      const listPath = entry.path.endsWith('[*]') ? entry.path.slice(0, -3) : entry.path;
      if (entry.path.endsWith('[*]') && entry.value.state === 'unknown') {
        verdicts.push(verdict(parent, 'indeterminate', listPath, 'is known only after apply, so its items cannot be told', { actual: 'known after apply' }));
        undecided.push(parent);
      } else if (entry.path.endsWith('[*]')) {
        // Absent or null, or a single value: a single value is no list of items.
        const value = readPath(subject.resource, base).find((read) => read.value.state === 'known');
        if (value?.value.state === 'known') {
          const actual = value.sensitive ? '(sensitive)' : show(value.value.value);
          verdicts.push(verdict(parent, 'failed', value.path, `is ${actual}, not a list of items`, { expected: 'a list', actual }));
        }
      } else {
        items.push({ kind: 'item', address: parent.address, type: parent.type, resource: parent.resource, path: entry.path, parent });
      }
    }
  }
  return { items, verdicts, undecided };
}

/**
 * "None of them": every parent keeps no item. Each item left fails, naming it; a parent without
 * items left passes, unless some of its items could not be told (their findings are already recorded).
 */
export function checkNoItemsLeft(parents: readonly ResourceSubject[], remaining: readonly Subject[], undecided: ReadonlySet<ResourceSubject>, description: string): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const parent of parents) {
    const left = remaining.filter((subject): subject is ItemSubject => subject.kind === 'item' && subject.parent === parent);
    for (const item of left) {
      verdicts.push(verdict(item, 'failed', '', `is one of the ${description}; expected none`, { expected: 'none', actual: item.path }));
    }
    if (left.length === 0 && !undecided.has(parent)) verdicts.push(verdict(parent, 'passed', '', `has none of the ${description}`));
  }
  return verdicts;
}

/**
 * "At least one of them": every parent keeps an item. A parent without one fails, unless some of its
 * items could not be told: then it is indeterminate (one of those may be the item).
 */
export function checkSomeItemLeft(parents: readonly ResourceSubject[], remaining: readonly Subject[], undecided: ReadonlySet<ResourceSubject>, description: string): Verdict[] {
  return parents.map((parent) => {
    const left = remaining.filter((subject) => subject.kind === 'item' && subject.parent === parent);
    if (left.length > 0) return verdict(parent, 'passed', '', `has ${left.length} of the ${description}`);
    if (undecided.has(parent)) {
      return verdict(parent, 'indeterminate', '', `cannot tell whether it has one of the ${description}`, { expected: 'at least one', actual: 'known after apply' });
    }
    return verdict(parent, 'failed', '', `has none of the ${description}; expected at least one`, { expected: 'at least one', actual: 'none' });
  });
}
