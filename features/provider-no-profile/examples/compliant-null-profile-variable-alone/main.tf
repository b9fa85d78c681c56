resource "aws_sns_topic" "platform_alerts" {
  name = "platform-alerts"
}
