@id:ci-oidc-trust @enforce
Feature: CI assumes its role through GitLab OIDC, never with stored keys
  A role trusted by a federated identity provider is assumed with a web identity token whose
  audience and subject are both pinned. Merge-request pipelines run on their source branch, so a
  subject naming `ref_type:mr` never matches; a wildcard subject lets any project in.

  Scenario: Federated trust is pinned to an audience and a subject
    Given the "aws_iam_role" resources
    And those whose "assume_role_policy" policy trusts "Federated" principals
    When I take the statements of its "assume_role_policy" policy that trust "Federated" principals
    Then it allows "sts:AssumeRoleWithWebIdentity"
    And it has a condition on the issuer's "aud" claim
    And it has a condition on the issuer's "sub" claim
    And no value of its condition on the issuer's "sub" claim contains "ref_type:mr"
    And no value of its condition on the issuer's "sub" claim is one of "*", "project_path:*"

  Scenario: No IAM user access keys are created
    Then the plan has no "aws_iam_access_key" resources
