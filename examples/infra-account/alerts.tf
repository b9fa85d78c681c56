resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_securityhub_account" "main" {
  enable_default_standards = true
}

resource "aws_sns_topic" "security_alerts" {
  name              = "security-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_event_rule" "guardduty_high" {
  name        = "guardduty-high-severity"
  description = "GuardDuty findings of severity 4 and above"
  event_pattern = jsonencode({
    source        = ["aws.guardduty"]
    "detail-type" = ["GuardDuty Finding"]
    detail = {
      severity = [
        { numeric = [">=", 4] },
      ]
    }
  })
}

resource "aws_cloudwatch_event_target" "guardduty_high" {
  rule      = aws_cloudwatch_event_rule.guardduty_high.name
  target_id = "security-alerts-topic"
  arn       = aws_sns_topic.security_alerts.arn
}

resource "aws_cloudwatch_event_rule" "securityhub_high" {
  name        = "securityhub-high-critical"
  description = "Security Hub findings rated HIGH or CRITICAL, except those GuardDuty already alerts on"
  event_pattern = jsonencode({
    source        = ["aws.securityhub"]
    "detail-type" = ["Security Hub Findings - Imported"]
    detail = {
      findings = {
        Severity = { Label = ["HIGH", "CRITICAL"] }
        ProductName = [
          { "anything-but" = "GuardDuty" },
        ]
      }
    }
  })
}

resource "aws_cloudwatch_event_target" "securityhub_high" {
  rule      = aws_cloudwatch_event_rule.securityhub_high.name
  target_id = "security-alerts-topic"
  arn       = aws_sns_topic.security_alerts.arn
}

resource "aws_sns_topic" "billing_alerts" {
  provider = aws.us_east_1

  name = "billing-alerts"
}
