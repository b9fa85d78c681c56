@id:audit-trail @enforce
Feature: CloudTrail records every region, tamper-evident and KMS-encrypted

  Background:
    Given the "aws_cloudtrail" resources

  Scenario: The trail covers every region
    Then its "is_multi_region_trail" is true

  Scenario: Log file validation is on
    Then its "enable_log_file_validation" is true

  Scenario: Logs are encrypted with a KMS key
    Then its "kms_key_id" is set
