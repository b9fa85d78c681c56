@id:state-bucket-access-logged @observe
Feature: Access to the remote state bucket is logged
  Every request to a bucket holding OpenTofu state is recorded by S3 server access logging, into
  another bucket. A state bucket that only receives other buckets' access logs (their
  `target_bucket`) is not itself logged. With several state buckets made by `for_each`, each one
  needs its own logging configuration.

  Background:
    Given the "aws_s3_bucket" resources
    And those whose "bucket" matches /(tfstate|tofu-state|terraform-state)/i

  Scenario: Server access logging is configured for the state bucket
    When I take the "aws_s3_bucket_logging" resources whose "bucket" references it
    Then its "target_bucket" is set
