import { checkNoItemsLeft, checkSomeItemLeft, takeItems } from '../src/checks/items.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { ResourceSubject } from '../src/checks/subject.js';
import { GuardrailsError } from '../src/errors.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** The resources whose items are the subjects; a feature error before any items were taken. */
function itemScope(world: GuardrailWorld): NonNullable<GuardrailWorld['items']> {
  if (world.items) return world.items;
  throw new GuardrailsError('FEATURE_INVALID', 'no items are taken yet: write `When I take the items of its "ATTRIBUTE"` before a step about them');
}

/**
 * Quantifiers over lists and nested blocks: move to the items of a list, narrow them with the usual
 * `those whose ...` steps, then say how many each resource may keep. Assertions on items (`Then its
 * ...`) judge every item; an empty list holds for them vacuously.
 */
export const itemSteps: StepSpec[] = [
  {
    keyword: 'When',
    family: 'items',
    expression: 'I take the items of its {attribute}',
    description:
      'Moves to the items of a list or nested block of each selected resource (each item keeps its resource\'s address and its index); narrowing and assertions then read the item\'s fields. An absent or empty list has no items; one known only after apply is indeterminate.',
    example: 'When I take the items of its "ingress"',
    run: function (this: GuardrailWorld, path: string) {
      requireKnownAttribute(this.subjects, path);
      const from = this.subjectsAfterApply;
      const pivot = takeItems(from, path);
      this.judge(pivot.verdicts);
      const parents = this.items?.parents ?? from.filter((subject): subject is ResourceSubject => subject.kind === 'resource');
      this.takeItems(pivot.items, parents, pivot.undecided, `${path} items`);
    },
  },
  {
    keyword: 'Then',
    family: 'items',
    expression: 'no resource has any of them',
    description:
      'Each resource keeps none of the items left after narrowing: every item left fails, named by its path. A resource with an empty list passes; one with an item that could not be told is indeterminate.',
    example: 'Then no resource has any of them',
    run: function (this: GuardrailWorld) {
      const scope = itemScope(this);
      this.judge(checkNoItemsLeft(scope.parents, this.subjects, scope.undecided, this.selectionDescription));
    },
  },
  {
    keyword: 'Then',
    family: 'items',
    expression: 'every resource has at least one of them',
    description:
      'Each resource keeps at least one of the items left after narrowing; one without fails (an empty list too), or is indeterminate when an item could not be told.',
    example: 'Then every resource has at least one of them',
    run: function (this: GuardrailWorld) {
      const scope = itemScope(this);
      this.judge(checkSomeItemLeft(scope.parents, this.subjects, scope.undecided, this.selectionDescription));
    },
  },
];
