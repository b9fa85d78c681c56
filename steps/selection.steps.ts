import { checkAttribute } from '../src/checks/attributes.js';
import { checkChangeIn } from '../src/checks/actions.js';
import { selectByAddress, selectByType, selectInModule, selectProviders } from '../src/checks/select.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { ChangeKind } from '../src/plan/types.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';
import type { TextPattern } from '../src/patterns/regex.js';

/** Steps that choose what a scenario judges. An empty selection makes the scenario not-applicable. */
export const selectionSteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the {type} resources',
    description: 'Selects every managed resource instance of a type (in any module).',
    example: 'Given the "aws_s3_bucket" resources',
    run: function (this: GuardrailWorld, type: string) {
      return this.select(selectByType(this.plan, type), `${type} resources`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the resource {string}',
    description: 'Selects one resource instance by address (or every instance of a resource block given without its key).',
    example: 'Given the resource "module.state_backend.aws_s3_bucket.state"',
    run: function (this: GuardrailWorld, address: string) {
      return this.select(selectByAddress(this.plan, address), `resource ${address}`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the resources in module {string}',
    description: 'Selects every managed resource in a module instance and the modules it calls.',
    example: 'Given the resources in module "module.state_backend"',
    run: function (this: GuardrailWorld, moduleAddress: string) {
      return this.select(selectInModule(this.plan, moduleAddress), `resources in ${moduleAddress}`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the {string} provider configurations',
    description: 'Selects every configuration of a provider: root, aliased, and inside modules.',
    example: 'Given the "aws" provider configurations',
    run: function (this: GuardrailWorld, name: string) {
      return this.select(selectProviders(this.plan, name), `${name} provider configurations`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'those whose {attribute} is {string}',
    description: 'Keeps the selected resources whose attribute equals the value.',
    example: 'And those whose "versioning_configuration[0].status" is "Enabled"',
    run: function (this: GuardrailWorld, path: string, expected: string) {
      return narrowByAttribute(this, path, { op: 'equals', expected }, `whose ${path} is "${expected}"`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'those whose {attribute} matches {regex}',
    description: 'Keeps the selected resources whose attribute matches the regular expression.',
    example: 'And those whose "bucket" matches /(tfstate|tofu-state|terraform-state)/i',
    run: function (this: GuardrailWorld, path: string, pattern: TextPattern) {
      return narrowByAttribute(this, path, { op: 'matches', pattern }, `whose ${path} matches ${String(pattern)}`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'those whose {attribute} is set',
    description: 'Keeps the selected resources whose attribute has a value (null, "", [] and {} are not set).',
    example: 'And those whose "kms_key_id" is set',
    run: function (this: GuardrailWorld, path: string) {
      return narrowByAttribute(this, path, { op: 'set' }, `whose ${path} is set`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'those whose planned action is {changes}',
    description: 'Keeps the selected resources planned for one of the actions (create, update, replace, delete, read, no-op, forget).',
    example: 'And those whose planned action is "delete" or "replace"',
    run: function (this: GuardrailWorld, kinds: ChangeKind[]) {
      return this.narrow(this.subjects.map((subject) => checkChangeIn(subject, kinds)), `planned for ${kinds.join(' or ')}`);
    },
  },
  {
    keyword: 'When',
    family: 'selection',
    expression: 'I require at least one of them',
    description:
      'From here on, narrowing steps state a requirement: if no selected resource is left, the scenario fails instead of being not-applicable.',
    example: 'When I require at least one of them',
    run: function (this: GuardrailWorld) {
      this.requireAtLeastOne();
    },
  },
];

function narrowByAttribute(
  world: GuardrailWorld,
  path: string,
  comparison: Parameters<typeof checkAttribute>[3],
  description: string,
): 'skipped' | undefined {
  requireKnownAttribute(world.subjects, path);
  // Deleted resources are judged by their current values here: a rule about deletions must still find them.
  const verdicts = world.subjects.map((subject) => checkAttribute(world.plan, subject, path, comparison, 'select'));
  return world.narrow(verdicts, description);
}
