@id:sns-topic-encrypted @library @observe @encryption-at-rest
Feature: SNS topics are encrypted with a KMS key
  SNS stores messages until they are delivered, and does not encrypt them unless the topic names a
  KMS key. Every `aws_sns_topic` sets `kms_master_key_id` (AWS-managed `alias/aws/sns` or a
  customer key).

  Scenario: Every topic names a KMS key
    Given the "aws_sns_topic" resources
    Then its "kms_master_key_id" is set
