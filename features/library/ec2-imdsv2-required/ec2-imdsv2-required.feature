@id:ec2-imdsv2-required @library @observe @credential-protection
Feature: EC2 instances require IMDSv2 session tokens
  With IMDSv1, any server-side request forgery in an application on the instance can read the
  instance role's credentials from the metadata service with one GET. IMDSv2 requires a session
  token obtained with a PUT, which such requests cannot make. Every instance writes
  `metadata_options { http_tokens = "required" }`; an instance that leaves the block out takes the
  AMI's or account's default, which the plan shows only after apply, so it is indeterminate.

  Scenario: Every instance requires IMDSv2
    Given the "aws_instance" resources
    Then its "metadata_options[*].http_tokens" is "required"
