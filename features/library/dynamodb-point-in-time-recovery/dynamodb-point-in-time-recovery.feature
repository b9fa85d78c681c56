@id:dynamodb-point-in-time-recovery @library @observe @resilience
Feature: DynamoDB tables can be restored to any point in time
  Point-in-time recovery keeps continuous backups of the last 35 days, so a table overwritten by a
  faulty deploy or a malicious delete can be restored to the second before. Every table writes
  `point_in_time_recovery { enabled = true }`. A table that leaves the block out shows it only
  after apply, so the guardrail is indeterminate until the block is written.

  Scenario: Every table has point-in-time recovery enabled
    Given the "aws_dynamodb_table" resources
    Then its "point_in_time_recovery[*].enabled" is true
