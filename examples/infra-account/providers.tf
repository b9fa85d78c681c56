provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      ManagedBy = "opentofu"
      Team      = "platform"
    }
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      ManagedBy = "opentofu"
      Team      = "platform"
    }
  }
}
