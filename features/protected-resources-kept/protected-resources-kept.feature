@id:protected-resources-kept @enforce
Feature: Protected resources are never destroyed or replaced
  What is applied is what was reviewed: a plan must not delete or replace a KMS key, a CloudTrail
  trail, or a state or audit-log bucket.

  Scenario: KMS keys are kept
    Given the "aws_kms_key" resources
    Then it is not planned for "delete" or "replace"

  Scenario: CloudTrail trails are kept
    Given the "aws_cloudtrail" resources
    Then it is not planned for "delete" or "replace"

  Scenario: State and audit-log buckets are kept
    Given the "aws_s3_bucket" resources
    And those whose "bucket" matches /(tfstate|tofu-state|terraform-state|cloudtrail|audit-log)/i
    Then it is not planned for "delete" or "replace"
