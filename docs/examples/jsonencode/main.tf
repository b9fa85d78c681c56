resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}

resource "aws_iam_policy" "reports_read" {
  name = "reports-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "${aws_s3_bucket.reports.arn}/*"
    }]
  })
}
