@id:ebs-volume-encrypted @library @observe @encryption-at-rest
Feature: EBS volumes are encrypted
  An unencrypted volume, and every snapshot taken of it, can be copied or shared in the clear.
  Each `aws_ebs_volume` sets `encrypted = true`. A volume that leaves it out is encrypted only if
  the account's EBS encryption by default happens to be on in that region when it is created, so
  the plan cannot tell: the guardrail is indeterminate until the volume says so itself.

  Scenario: Every EBS volume is encrypted
    Given the "aws_ebs_volume" resources
    Then its "encrypted" is true
