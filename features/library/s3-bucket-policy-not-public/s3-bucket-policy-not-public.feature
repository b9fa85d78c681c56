@id:s3-bucket-policy-not-public @library @observe @public-exposure
Feature: S3 bucket policies do not grant access to everyone
  A bucket policy statement that allows `"Principal": "*"` (or `{"AWS": "*"}`, or a `NotPrincipal`)
  without a condition that pins the caller to an account, an organisation, a VPC endpoint or a
  source network lets anyone on the internet use the actions it names. Serve public content through
  CloudFront with an origin access control instead, and keep every bucket policy private.

  Scenario: No bucket policy allows public access
    Given the "aws_s3_bucket_policy" resources
    Then its "policy" policy does not allow public access
