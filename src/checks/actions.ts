import type { ChangeKind } from '../plan/types.js';
import type { Subject } from './subject.js';
import { verdict, type Verdict } from './verdict.js';

/** False for a resource planned to be deleted or forgotten: after apply there is nothing left to judge. */
export function isPlannedToExist(subject: Subject): boolean {
  if (subject.kind === 'provider') return true;
  return subject.resource.change !== 'delete' && subject.resource.change !== 'forget';
}

/** Judges that the planned change of a resource is none of the forbidden kinds. */
export function checkChangeNotIn(subject: Subject, forbidden: readonly ChangeKind[]): Verdict {
  if (subject.kind === 'item') return checkChangeNotIn(subject.parent, forbidden);
  if (subject.kind !== 'resource') {
    return verdict(subject, 'passed', '', 'is not a resource; nothing is planned for it');
  }
  const { change, actionReason } = subject.resource;
  const why = actionReason ? ` (${actionReason})` : '';
  return forbidden.includes(change)
    ? verdict(subject, 'failed', '', `is planned to be ${pastTense(change)}${why}; expected no ${forbidden.join(' or ')}`, {
        expected: `not ${forbidden.join(', ')}`,
        actual: change,
      })
    : verdict(subject, 'passed', '', `is planned for ${change}`);
}

/** Judges that the planned change of a resource is one of the given kinds (selection filter). */
export function checkChangeIn(subject: Subject, kinds: readonly ChangeKind[]): Verdict {
  const change = subject.kind === 'provider' ? 'no-op' : subject.resource.change;
  return kinds.includes(change)
    ? verdict(subject, 'passed', '', `is planned for ${change}`)
    : verdict(subject, 'failed', '', `is planned for ${change}`);
}

function pastTense(change: ChangeKind): string {
  const words: Record<ChangeKind, string> = {
    create: 'created',
    update: 'updated',
    replace: 'replaced',
    delete: 'deleted',
    read: 'read',
    'no-op': 'left unchanged',
    forget: 'forgotten',
  };
  return words[change];
}
