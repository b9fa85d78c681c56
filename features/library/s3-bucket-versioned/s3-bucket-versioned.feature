@id:s3-bucket-versioned @library @observe @resilience
Feature: S3 buckets keep previous object versions
  Versioning keeps every overwritten or deleted object recoverable, which is what turns a
  ransomware run, a bad deploy or a mistaken `aws s3 rm` into a restore instead of a loss. Each
  bucket has an `aws_s3_bucket_versioning` whose status is `Enabled` (`Suspended` keeps old
  versions but makes no new ones). The `versioning` block inside `aws_s3_bucket` (AWS provider 3
  and earlier) is not read: write the separate resource.

  Scenario: Every bucket has versioning enabled
    Given the "aws_s3_bucket" resources
    When I take the "aws_s3_bucket_versioning" resources whose "bucket" references it
    Then its "versioning_configuration[*].status" is "Enabled"
