import type { SourceModel } from '../source/types.js';
import type { Subject } from './subject.js';
import { verdict, type Verdict } from './verdict.js';

/** A boolean lifecycle setting, as the `.tf` sources write it. */
export type LifecycleFlag = 'prevent_destroy' | 'create_before_destroy';

/**
 * Judges a lifecycle flag from the sources. Lifecycle blocks are absent from plan JSON, so without
 * sources, or when the resource block is not in the sources given, the verdict is indeterminate.
 */
export function checkLifecycleFlag(sources: SourceModel | undefined, subject: Subject, flag: LifecycleFlag, expected: boolean): Verdict {
  const path = `lifecycle.${flag}`;
  if (subject.kind !== 'resource') {
    return verdict(subject, 'failed', path, 'is not a resource; only resources have lifecycle blocks');
  }
  if (!sources) {
    return verdict(subject, 'indeterminate', path, 'cannot be read: no .tf sources were given (pass --source DIR, or --chdir to the configuration)', {
      expected: String(expected),
      actual: 'sources not given',
    });
  }
  const configAddress = subject.resource.configAddress;
  const lifecycle = sources.lifecycles.get(configAddress);
  if (!lifecycle) {
    if (!sources.declaredResources.has(configAddress)) {
      return verdict(subject, 'indeterminate', path, `cannot be read: no resource block for ${configAddress} in the sources given`, {
        expected: String(expected),
        actual: 'block not found',
      });
    }
    return verdict(subject, expected ? 'failed' : 'passed', path, `is not set (no lifecycle block); expected ${expected}`, {
      expected: String(expected),
      actual: 'not set',
    });
  }
  const actual = flag === 'prevent_destroy' ? lifecycle.preventDestroy : lifecycle.createBeforeDestroy;
  const where = `${lifecycle.location.file}${lifecycle.location.line ? `:${lifecycle.location.line}` : ''}`;
  const expression = lifecycle.expressions?.[flag];
  if (actual === undefined && expression !== undefined) {
    // Written as something other than a literal boolean (e.g. "true" in quotes): not judged from text.
    return verdict(subject, 'indeterminate', path, `is written as ${expression} (${where}), not a literal true or false`, {
      expected: String(expected),
      actual: expression,
    });
  }
  return (actual ?? false) === expected
    ? verdict(subject, 'passed', path, `is ${String(actual ?? false)} (${where})`)
    : verdict(subject, 'failed', path, `is ${actual === undefined ? 'not set' : String(actual)} (${where}); expected ${expected}`, {
        expected: String(expected),
        actual: String(actual ?? 'not set'),
      });
}
