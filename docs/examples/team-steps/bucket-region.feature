@id:team-bucket-region @enforce
Feature: Every bucket's provider configuration names its region
  A bucket created by a provider with no region of its own lands wherever the runner's
  environment points; the provider block must say.

  Scenario: The provider of each bucket sets its region
    Given the "aws_s3_bucket" resources
    Then its provider configuration sets "region"
