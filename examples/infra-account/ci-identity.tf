resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.example.com"
  client_id_list = ["https://gitlab.example.com"]
}

resource "aws_iam_role" "gitlab_ci" {
  name                 = "gitlab-ci-infra"
  description          = "Assumed by GitLab CI pipelines of platform/infra"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "GitLabPipelines"
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.gitlab.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "gitlab.example.com:aud" = "https://gitlab.example.com"
            "gitlab.example.com:sub" = "project_path:platform/infra:ref_type:branch:ref:main"
          }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "gitlab_ci" {
  role       = aws_iam_role.gitlab_ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
