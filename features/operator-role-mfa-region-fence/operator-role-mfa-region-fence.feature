@id:operator-role-mfa-region-fence @enforce
Feature: Human operator roles need MFA and are fenced to the allowed regions
  A role that people assume (its trust policy names AWS principals) trusts only account roots,
  requires a recent MFA sign-in, keeps sessions to an hour, and carries an inline Deny that fences
  every regional action to the allowed regions, with global services (IAM, STS, ...) carved out.

  Background:
    Given the "aws_iam_role" resources
    And those whose "assume_role_policy" policy trusts "AWS" principals

  Scenario: Only account roots may assume the role, and only with recent MFA
    When I take the statements of its "assume_role_policy" policy that trust "AWS" principals
    Then its AWS principals are account roots
    And it requires condition "Bool" "aws:MultiFactorAuthPresent" "true"
    And it requires "aws:MultiFactorAuthAge" to be at most 3600

  Scenario: Sessions last at most one hour
    Then its "max_session_duration" is at most 3600

  Scenario: An inline policy fences the role to the allowed regions
    When I take the "aws_iam_role_policy" resources whose "role" references it
    Then its "policy" policy denies all actions except "iam:*", "sts:*" under condition "StringNotEquals" "aws:RequestedRegion"
