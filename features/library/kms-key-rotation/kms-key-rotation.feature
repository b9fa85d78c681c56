@id:kms-key-rotation @library @observe @key-management
Feature: Customer-managed KMS keys rotate their key material
  Automatic rotation replaces a symmetric key's material every year (or the period set) while old
  ciphertexts stay readable, limiting how much data one compromised key version exposes. AWS
  rotates only symmetric encryption keys, so asymmetric and HMAC keys are not judged.

  Scenario: Every symmetric KMS key has rotation enabled
    Given the "aws_kms_key" resources
    And those whose "customer_master_key_spec" is "SYMMETRIC_DEFAULT"
    Then its "enable_key_rotation" is true
