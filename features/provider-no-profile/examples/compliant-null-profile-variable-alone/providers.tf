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
