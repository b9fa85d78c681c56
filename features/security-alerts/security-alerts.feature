@id:security-alerts @observe
Feature: Serious security findings raise one alert each
  EventBridge forwards GuardDuty findings of severity 7 and above, and Security Hub findings rated
  HIGH or CRITICAL that did not come from GuardDuty (so that one finding makes one alert), to an
  SNS topic.

  Background:
    Given the "aws_cloudwatch_event_rule" resources
    When I require at least one of them

  Scenario: GuardDuty findings of severity 7 and above reach an SNS topic
    Given those whose "event_pattern" pattern matches only "source" values "aws.guardduty"
    And those whose "event_pattern" pattern matches only "detail.severity" values of at least 7
    When I take the "aws_cloudwatch_event_target" resources whose "rule" references it
    Then its "arn" references an "aws_sns_topic"

  Scenario: Security Hub HIGH and CRITICAL findings, except GuardDuty's, reach an SNS topic
    Given those whose "event_pattern" pattern matches only "source" values "aws.securityhub"
    And those whose "event_pattern" pattern matches only "detail.findings.Severity.Label" values "HIGH", "CRITICAL"
    And those whose "event_pattern" pattern excludes "detail.findings.ProductName" value "GuardDuty"
    When I take the "aws_cloudwatch_event_target" resources whose "rule" references it
    Then its "arn" references an "aws_sns_topic"
