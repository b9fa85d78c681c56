variable "bucket_name" {
  description = "Name of the state bucket"
  type        = string
}
