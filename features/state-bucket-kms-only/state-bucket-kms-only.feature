@id:state-bucket-kms-only @enforce
Feature: The remote state bucket is KMS-only
  The bucket holding OpenTofu state is encrypted by default with a customer-managed KMS key and an
  S3 bucket key, and its policy refuses anything else: plain HTTP, uploads without SSE-KMS, and
  uploads with another key. It is versioned and never public.

  Background:
    Given the "aws_s3_bucket" resources
    And those whose "bucket" matches /(tfstate|tofu-state|terraform-state)/i

  Scenario: Default encryption uses the bucket's KMS key with a bucket key
    When I take the "aws_s3_bucket_server_side_encryption_configuration" resources whose "bucket" references it
    Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"
    And its "rule[*].apply_server_side_encryption_by_default[*].kms_master_key_id" references an "aws_kms_key"
    And its "rule[*].bucket_key_enabled" is true

  Scenario: The bucket policy refuses plain HTTP
    When I take the "aws_s3_bucket_policy" resources whose "bucket" references it
    Then its "policy" policy denies "s3:*" when "aws:SecureTransport" is "false"

  Scenario: The bucket policy refuses uploads without SSE-KMS
    When I take the "aws_s3_bucket_policy" resources whose "bucket" references it
    Then its "policy" policy denies "s3:PutObject" unless "s3:x-amz-server-side-encryption" is "aws:kms"

  Scenario: The bucket policy refuses uploads with another KMS key
    When I take the "aws_s3_bucket_policy" resources whose "bucket" references it
    Then its "policy" policy denies "s3:PutObject" unless "s3:x-amz-server-side-encryption-aws-kms-key-id" is the ARN of an "aws_kms_key"

  Scenario: Versioning is enabled
    When I take the "aws_s3_bucket_versioning" resources whose "bucket" references it
    Then its "versioning_configuration[*].status" is "Enabled"

  Scenario: Public access is fully blocked
    When I take the "aws_s3_bucket_public_access_block" resources whose "bucket" references it
    Then its "block_public_acls" is true
    And its "block_public_policy" is true
    And its "ignore_public_acls" is true
    And its "restrict_public_buckets" is true
