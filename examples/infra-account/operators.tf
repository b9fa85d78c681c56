resource "aws_iam_role" "infra_admin" {
  name                 = "InfraAdmin"
  description          = "Human operators of the infrastructure account, MFA required"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "OperatorsWithRecentMfa"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
        }
        Action = "sts:AssumeRole"
        Condition = {
          Bool            = { "aws:MultiFactorAuthPresent" = "true" }
          NumericLessThan = { "aws:MultiFactorAuthAge" = "3600" }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "infra_admin" {
  role       = aws_iam_role.infra_admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy" "infra_admin_region_fence" {
  name = "region-fence"
  role = aws_iam_role.infra_admin.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyOutsideApprovedRegions"
        Effect   = "Deny"
        Resource = "*"
        NotAction = [
          "iam:*",
          "sts:*",
          "organizations:*",
          "account:*",
          "support:*",
          "cloudfront:*",
          "route53:*",
          "route53domains:*",
          "globalaccelerator:*",
          "waf:*",
          "shield:*",
          "budgets:*",
          "ce:*",
          "cur:*",
          "health:*",
          "trustedadvisor:*",
        ]
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = ["eu-central-1", "eu-west-1"] }
        }
      },
    ]
  })
}
