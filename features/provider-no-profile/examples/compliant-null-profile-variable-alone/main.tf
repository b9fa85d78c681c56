variable "aws_profile" {
  description = "Named profile for local runs"
  type        = string
  default     = null
}

provider "aws" {
  region  = "eu-central-1"
  profile = var.aws_profile

  default_tags {
    tags = {
      ManagedBy = "opentofu"
      Team      = "platform"
    }
  }
}

resource "aws_sns_topic" "platform_alerts" {
  name = "platform-alerts"
}
