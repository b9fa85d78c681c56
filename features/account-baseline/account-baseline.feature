@id:account-baseline @enforce
Feature: The account baseline is hardened
  Strong IAM passwords, no public S3 anywhere in the account, and EBS volumes encrypted by default.

  Scenario: The IAM password policy is strong
    Given the "aws_iam_account_password_policy" resources
    Then its "minimum_password_length" is at least 14
    And its "password_reuse_prevention" is at least 24
    And its "require_symbols" is true
    And its "require_numbers" is true
    And its "require_uppercase_characters" is true
    And its "require_lowercase_characters" is true

  Scenario: S3 public access is blocked for the whole account
    Given the "aws_s3_account_public_access_block" resources
    Then its "block_public_acls" is true
    And its "block_public_policy" is true
    And its "ignore_public_acls" is true
    And its "restrict_public_buckets" is true

  Scenario: EBS encryption is on by default
    Given the "aws_ebs_encryption_by_default" resources
    Then its "enabled" is true
