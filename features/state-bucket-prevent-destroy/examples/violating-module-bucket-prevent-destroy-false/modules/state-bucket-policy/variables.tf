variable "bucket_arn" {
  description = "ARN of the state bucket"
  type        = string
}

variable "bucket_id" {
  description = "Name of the state bucket"
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the key the state is encrypted with"
  type        = string
}
