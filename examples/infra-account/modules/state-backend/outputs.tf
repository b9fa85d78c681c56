output "bucket_arn" {
  value = aws_s3_bucket.state.arn
}

output "bucket_id" {
  value = aws_s3_bucket.state.id
}

output "kms_key_arn" {
  value = aws_kms_key.state.arn
}
