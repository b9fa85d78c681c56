@id:team-bucket-tags @enforce
Feature: Every S3 bucket names its owner and purpose
  Cost reports and incident routing read the Owner and Purpose tags of each bucket.

  Scenario: Buckets carry the Owner and Purpose tags
    Given the "aws_s3_bucket" resources
    Then its "tags" map has the keys "Owner", "Purpose"
