variable "aws_profile" {
  description = "Named profile for local runs"
  type        = string
  default     = null
}
