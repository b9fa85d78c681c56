@id:cloudwatch-log-group-retained @library @observe @logging
Feature: CloudWatch log groups keep their logs for at least a year
  Incidents are often found months after they start; logs that expired after a week or a month
  cannot show how an attacker got in. Every log group keeps its events for at least 365 days, or
  forever (`retention_in_days = 0`, the default). CloudWatch accepts only a fixed list of periods,
  and the values below are those of a year or more.

  Scenario: Every log group retains its events for a year or more
    Given the "aws_cloudwatch_log_group" resources
    Then its "retention_in_days" is one of "0", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653"
