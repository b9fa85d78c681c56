variable "state_bucket_name" {
  description = "Name of the bucket holding this account's state"
  type        = string
  default     = "acme-infra-tfstate"
}
