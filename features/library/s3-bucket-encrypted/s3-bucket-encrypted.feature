@id:s3-bucket-encrypted @library @observe @encryption-at-rest
Feature: S3 buckets declare their default encryption
  Every bucket has an `aws_s3_bucket_server_side_encryption_configuration` of its own naming the
  algorithm new objects are encrypted with (SSE-S3, SSE-KMS or DSSE-KMS). S3 encrypts new objects
  with SSE-S3 even without one, but only a declared configuration is reviewed, kept under change
  control and cannot drift when someone edits the bucket in the console. The configuration block
  inside `aws_s3_bucket` (AWS provider 3 and earlier) is not read: write the separate resource.

  Scenario: Every bucket has a default encryption configuration
    Given the "aws_s3_bucket" resources
    When I take the "aws_s3_bucket_server_side_encryption_configuration" resources whose "bucket" references it
    Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is one of "AES256", "aws:kms", "aws:kms:dsse"
