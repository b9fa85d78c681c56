import { checkSupportsTags, checkTagOneOf, checkTagged } from '../src/checks/tags.js';
import { resourceSubject } from '../src/checks/subject.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/**
 * Tags as the resource will carry them: `tags_all`, which counts the provider's `default_tags`. When
 * the plan shows tags_all only as known after apply, it is decided from the provider's literal
 * default_tags and the resource's known tags; when either is unknown, the check is indeterminate.
 */
export const tagSteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'tags',
    expression: 'the resources that support tags',
    description:
      'Selects every managed resource that carries AWS tags: a tags_all attribute, or tags on a resource of the AWS provider (the plan lists both, null when unset; other providers\' tags, such as a Google instance\'s network tags, are left out). A resource whose values the plan does not show cannot be placed and is indeterminate.',
    example: 'Given the resources that support tags',
    run: function (this: GuardrailWorld) {
      const managed = this.plan.resources.filter((resource) => resource.mode === 'managed').map(resourceSubject);
      return this.select(this.withinChange(managed), 'resources') ?? this.narrow(this.subjects.map(checkSupportsTags), 'that support tags');
    },
  },
  {
    keyword: 'Given',
    family: 'tags',
    expression: 'those tagged {string}',
    description: "Keeps the selected resources that will carry the tag with a value, counting the provider's default_tags.",
    example: 'And those tagged "DataClassification"',
    run: function (this: GuardrailWorld, key: string) {
      return this.narrow(this.subjects.map((subject) => checkTagged(this.plan, subject, key)), `tagged "${key}"`);
    },
  },
  {
    keyword: 'Given',
    family: 'tags',
    expression: 'those whose tag {string} is one of {values}',
    description: "Keeps the selected resources whose tag has one of the values, counting the provider's default_tags.",
    example: 'And those whose tag "Environment" is one of "prod", "production"',
    run: function (this: GuardrailWorld, key: string, values: string[]) {
      return this.narrow(this.subjects.map((subject) => checkTagOneOf(this.plan, subject, key, values)), `whose tag "${key}" is one of ${values.map((v) => `"${v}"`).join(', ')}`);
    },
  },
  {
    keyword: 'Then',
    family: 'tags',
    expression: 'it is tagged {string}',
    description: "The resource will carry the tag with a non-empty value: its tags_all, which counts the provider's default_tags.",
    example: 'Then it is tagged "Owner"',
    run: function (this: GuardrailWorld, key: string) {
      this.judge(this.subjectsAfterApply.map((subject) => checkTagged(this.plan, subject, key)));
    },
  },
  {
    keyword: 'Then',
    family: 'tags',
    expression: 'its tag {string} is one of {values}',
    description: "The resource will carry the tag with one of the values, counting the provider's default_tags.",
    example: 'Then its tag "Environment" is one of "dev", "staging", "prod"',
    run: function (this: GuardrailWorld, key: string, values: string[]) {
      this.judge(this.subjectsAfterApply.map((subject) => checkTagOneOf(this.plan, subject, key, values)));
    },
  },
];
