import { parseAttributePath } from '../plan/index.js';
import type { PlanModel, Reference } from '../plan/types.js';
import { isPlannedToExist } from './actions.js';
import { readSubject } from './read.js';
import { resourceSubject, type Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/** The result of following references from each subject: who was reached, and verdicts for those that reached nothing. */
export interface Pivot {
  readonly reached: Subject[];
  readonly verdicts: Verdict[];
}

/**
 * For each subject, the resources of `type` that reference it (e.g. the versioning configuration of a
 * bucket); with `attribute`, only those whose reference sits in that attribute (the logging
 * configuration whose `bucket` is the bucket, not one whose `target_bucket` is). Works from
 * configuration references, so unknown values do not break it. A subject that nothing references
 * fails; one that is referenced only by a block indexed with a key the plan does not show is
 * indeterminate.
 */
export function followReferencing(model: PlanModel, subjects: readonly Subject[], type: string, attribute?: string, options: PivotOptions = {}): Pivot {
  const relation = attribute === undefined ? 'references it' : `whose ${attribute} references it`;
  return follow(subjects, type, relation, options, (subject) =>
    model
      .referencesTo(subject.address)
      .filter((reference) => attribute === undefined || withinAttribute(reference.attribute, attribute))
      .map((reference) => ({ address: reference.from, uncertain: reference.uncertain === true })),
  model);
}

/** For each subject, the resources of `type` it references (e.g. the KMS key an encryption configuration uses). */
export function followReferenced(model: PlanModel, subjects: readonly Subject[], type: string, options: PivotOptions = {}): Pivot {
  return follow(subjects, type, 'is referenced by it', options, (subject) =>
    model.referencesFrom(subject.address).map((reference) => ({ address: reference.to, uncertain: reference.uncertain === true })),
  model);
}

/**
 * `optional`: a subject that reaches nothing is left behind instead of failing. For a guardrail
 * that only protects the companion (the KMS key of a bucket), whether one must exist is another
 * guardrail's concern; a reference that may or may not reach one is still indeterminate.
 */
export interface PivotOptions {
  readonly optional?: boolean;
}

/** A resource at the other end of a reference, and whether the configuration certainly means it. */
interface Neighbour {
  readonly address: string;
  readonly uncertain: boolean;
}

function follow(
  subjects: readonly Subject[],
  type: string,
  relation: string,
  options: PivotOptions,
  neighbours: (subject: Subject) => Neighbour[],
  model: PlanModel,
): Pivot {
  const reached = new Map<string, Subject>();
  const verdicts: Verdict[] = [];
  const ofType = (addresses: readonly string[]): Subject[] =>
    unique([...addresses])
      .map((address) => model.resource(address))
      .filter((resource) => resource !== undefined && resource.type === type)
      .map((resource) => resourceSubject(resource!))
      .filter(isPlannedToExist);
  for (const subject of subjects) {
    const found = subject.kind === 'resource' ? neighbours(subject) : [];
    const matching = ofType(found.filter((neighbour) => !neighbour.uncertain).map((neighbour) => neighbour.address));
    if (matching.length === 0) {
      const possible = ofType(found.filter((neighbour) => neighbour.uncertain).map((neighbour) => neighbour.address));
      if (possible.length > 0) {
        const named = possible.slice(0, 3).map((next) => next.address).join(', ') + (possible.length > 3 ? ` and ${possible.length - 3} more` : '');
        verdicts.push(
          verdict(subject, 'indeterminate', '', `cannot tell whether any ${type} ${relation}: ${named} may, but the plan does not show which instance key the configuration uses`, {
            expected: `a ${type}`,
            actual: 'an instance key not known from the plan',
          }),
        );
      } else if (!options.optional) {
        verdicts.push(verdict(subject, 'failed', '', `no ${type} ${relation}; expected one`, { expected: `a ${type}`, actual: 'none' }));
      }
    }
    for (const next of matching) reached.set(next.address, next);
  }
  return { reached: [...reached.values()], verdicts };
}

/** True when a reference recorded at `referenceAttribute` sits in `attribute` or within it, list indexes aside. */
function withinAttribute(referenceAttribute: string, attribute: string): boolean {
  const held = withoutIndexes(referenceAttribute);
  const wanted = withoutIndexes(attribute);
  return held === wanted || held.startsWith(`${wanted}.`);
}

/**
 * Judges that an attribute refers to a resource of `type`: by a configuration reference (which holds
 * even while the value is unknown) or by a known value equal to that resource's id or ARN.
 */
export function checkAttributeReferences(model: PlanModel, subject: Subject, path: string, type: string): Verdict {
  const values = readSubject(model, subject, path);
  if (values.length === 0) {
    return verdict(subject, 'failed', path, `is absent; expected a reference to an ${type}`, { expected: `a reference to an ${type}`, actual: 'absent' });
  }
  const outgoing = model.referencesFrom(subject.address);
  const judged = values.map((value) => {
    const targets = outgoing.filter((reference) => sameAttribute(reference, value.path)).map((reference) => model.resource(reference.to));
    const target = targets.find((resource) => resource?.type === type);
    if (target) return verdict(subject, 'passed', value.path, `references ${target.address}`);
    if (value.value.state === 'unknown') {
      return verdict(subject, 'indeterminate', value.path, `is known only after apply and its configuration names no ${type}`, {
        expected: `a reference to an ${type}`,
        actual: 'known after apply',
      });
    }
    if (value.value.state === 'absent' || (value.value.state === 'known' && value.value.value === null)) {
      return verdict(subject, 'failed', value.path, `is not set; expected a reference to an ${type}`, { expected: `a reference to an ${type}`, actual: 'not set' });
    }
    const actual = show(value.value.value);
    return verdict(subject, 'failed', value.path, `is ${actual}, which is no ${type} in this plan; expected a reference to an ${type}`, {
      expected: `a reference to an ${type}`,
      actual,
    });
  });
  return judged.find((v) => v.status === 'failed') ?? judged.find((v) => v.status === 'indeterminate') ?? judged[0]!;
}

// A reference recorded for `rule[0].x[0].key` also answers for the same path written with other list
// indexes resolved by the configuration (one block in configuration, one item in the value).
function sameAttribute(reference: Reference, concretePath: string): boolean {
  return reference.attribute === concretePath || withoutIndexes(reference.attribute) === withoutIndexes(concretePath);
}

function withoutIndexes(path: string): string {
  return parseAttributePath(path)
    .filter((segment) => segment.kind !== 'index' && segment.kind !== 'wildcard')
    .map((segment) => (segment.kind === 'name' ? segment.name : segment.kind === 'key' ? segment.key : ''))
    .join('.');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
