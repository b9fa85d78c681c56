import { checkAttributeReferences, followReferenced, followReferencing } from '../src/checks/references.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/**
 * Steps that follow references between resources; they read configuration references, so unknown
 * values do not break them. A reference whose instance key the plan does not show is indeterminate.
 */
export const referenceSteps: StepSpec[] = [
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources referencing it',
    description:
      'Moves to the resources of a type that reference each selected resource (e.g. its encryption configuration); a selected resource that none references fails.',
    example: 'When I take the "aws_s3_bucket_versioning" resources referencing it',
    run: function (this: GuardrailWorld, type: string) {
      const pivot = followReferencing(this.plan, this.subjectsAfterApply, type);
      this.judge(pivot.verdicts);
      this.pivot(pivot.reached, `${type} resources referencing them`);
    },
  },
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources whose {attribute} references it',
    description:
      'Moves to the resources of a type that reference each selected resource in that attribute (e.g. the logging configuration whose `bucket` is the bucket, not one whose `target_bucket` is); a selected resource that none references there fails.',
    example: 'When I take the "aws_s3_bucket_logging" resources whose "bucket" references it',
    run: function (this: GuardrailWorld, type: string, attribute: string) {
      const pivot = followReferencing(this.plan, this.subjectsAfterApply, type, attribute);
      this.judge(pivot.verdicts);
      this.pivot(pivot.reached, `${type} resources whose ${attribute} references them`);
    },
  },
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources it references',
    description: 'Moves to the resources of a type that each selected resource references (e.g. the KMS key it uses); one that references none fails.',
    example: 'When I take the "aws_kms_key" resources it references',
    run: function (this: GuardrailWorld, type: string) {
      const pivot = followReferenced(this.plan, this.subjectsAfterApply, type);
      this.judge(pivot.verdicts);
      this.pivot(pivot.reached, `${type} resources referenced by them`);
    },
  },
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources whose {attribute} references it, if any',
    description:
      'As the step without ", if any", but a selected resource that none references is left out instead of failing, and when none is left the scenario is not-applicable: for a guardrail that only protects the companion, whose existence another guardrail requires.',
    example: 'When I take the "aws_s3_bucket_server_side_encryption_configuration" resources whose "bucket" references it, if any',
    run: function (this: GuardrailWorld, type: string, attribute: string) {
      const pivot = followReferencing(this.plan, this.subjectsAfterApply, type, attribute, { optional: true });
      this.judge(pivot.verdicts);
      return this.select(pivot.reached, `${type} resources whose ${attribute} references the ${this.selectionDescription}`);
    },
  },
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources it references, if any',
    description:
      'As the step without ", if any", but a selected resource that references none is left out instead of failing, and when none is left the scenario is not-applicable (e.g. the KMS key of a bucket encrypted without one, for a guardrail that only protects the key).',
    example: 'When I take the "aws_kms_key" resources it references, if any',
    run: function (this: GuardrailWorld, type: string) {
      const pivot = followReferenced(this.plan, this.subjectsAfterApply, type, { optional: true });
      this.judge(pivot.verdicts);
      return this.select(pivot.reached, `${type} resources referenced by the ${this.selectionDescription}`);
    },
  },
  {
    keyword: 'Then',
    family: 'references',
    expression: 'its {attribute} references a/an {type}',
    description: 'The attribute refers to a resource of the type: by configuration reference (even while unknown) or by its known id or ARN.',
    example: 'Then its "rule[*].apply_server_side_encryption_by_default[*].kms_master_key_id" references an "aws_kms_key"',
    run: function (this: GuardrailWorld, path: string, type: string) {
      this.judge(this.subjectsAfterApply.map((subject) => checkAttributeReferences(this.plan, subject, path, type)));
    },
  },
];
