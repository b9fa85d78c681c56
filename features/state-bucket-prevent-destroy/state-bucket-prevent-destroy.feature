@id:state-bucket-prevent-destroy @enforce
Feature: The remote state bucket and its KMS key cannot be destroyed
  `lifecycle { prevent_destroy = true }` on the state bucket and on the KMS key that encrypts it.
  Lifecycle blocks are not in the plan JSON: this guardrail reads the .tf sources (root and
  modules) and is indeterminate when they are not given. Whether the bucket is encrypted with a KMS
  key at all is state-bucket-kms-only's concern: without one, the key's scenario does not apply.

  Background:
    Given the "aws_s3_bucket" resources
    And those whose "bucket" matches /(tfstate|tofu-state|terraform-state)/i

  Scenario: The state bucket is protected from destroy
    Then its lifecycle sets prevent_destroy

  Scenario: The state bucket's KMS key is protected from destroy
    When I take the "aws_s3_bucket_server_side_encryption_configuration" resources whose "bucket" references it, if any
    And I take the "aws_kms_key" resources it references, if any
    Then its lifecycle sets prevent_destroy
