@id:sqs-queue-kms-encrypted @library @observe @encryption-at-rest
Feature: SQS queues are encrypted with a KMS key
  Messages wait in a queue for up to two weeks. With a KMS key (`kms_master_key_id`, AWS-managed
  `alias/aws/sqs` or a customer key), reading them needs permission on the key too, and each use is
  logged by CloudTrail; SQS-managed encryption (`sqs_managed_sse_enabled`) gives neither.

  Scenario: Every queue names a KMS key
    Given the "aws_sqs_queue" resources
    Then its "kms_master_key_id" is set
