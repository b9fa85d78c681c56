@id:iam-policy-no-full-admin @library @observe @least-privilege
Feature: No IAM policy grants administrator access
  A policy that allows `*` on `*` makes whoever holds it an administrator of the account: able to
  create users, read every secret and switch off CloudTrail. One that allows every IAM action on
  every resource is the same one step later, since it can grant itself anything. Least privilege
  names the actions and resources a workload needs. Policies are read with IAM's semantics:
  wildcards in actions, a `NotAction` that grants everything it does not name, and an explicit Deny
  that takes a grant away. Managed policies and inline policies of roles, users and groups are
  judged.

  Background:
    Given the "aws_iam_policy" or "aws_iam_role_policy" or "aws_iam_user_policy" or "aws_iam_group_policy" resources

  Scenario: No identity policy allows every action on every resource
    Then its "policy" policy does not allow "*" on "*"

  Scenario: No identity policy allows every IAM action on every resource
    Then its "policy" policy does not allow "iam:*" on "*"
