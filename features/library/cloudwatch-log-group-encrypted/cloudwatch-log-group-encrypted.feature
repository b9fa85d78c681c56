@id:cloudwatch-log-group-encrypted @library @observe @encryption-at-rest
Feature: CloudWatch log groups are encrypted with a customer-managed KMS key
  Logs carry request details, tokens that slipped into messages and personal data. With a KMS key
  of its own, reading a log group needs permission on the key as well, access is recorded by
  CloudTrail, and disabling the key cuts every reader off at once. Every log group sets
  `kms_key_id`.

  Scenario: Every log group names a KMS key
    Given the "aws_cloudwatch_log_group" resources
    Then its "kms_key_id" is set
