@id:s3-bucket-public-access-blocked @library @observe @public-exposure
Feature: S3 buckets block every form of public access
  A public ACL or bucket policy is the most common way data leaks from S3. Each bucket has its own
  `aws_s3_bucket_public_access_block` with all four settings on: new public ACLs and policies are
  refused, and existing public ones are ignored. The account-wide block (`account-baseline`) can be
  switched off by another team; the bucket's own block travels with the bucket.

  Scenario: Every bucket blocks public ACLs and policies
    Given the "aws_s3_bucket" resources
    When I take the "aws_s3_bucket_public_access_block" resources whose "bucket" references it
    Then its "block_public_acls" is true
    And its "block_public_policy" is true
    And its "ignore_public_acls" is true
    And its "restrict_public_buckets" is true
