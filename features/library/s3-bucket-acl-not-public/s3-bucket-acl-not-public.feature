@id:s3-bucket-acl-not-public @library @observe @public-exposure
Feature: S3 bucket ACLs grant nothing to everyone
  An ACL that grants to the AllUsers group opens the bucket to anyone on the internet, and one that
  grants to AuthenticatedUsers opens it to every AWS account in the world. Neither a canned ACL
  (`public-read`, `public-read-write`, `authenticated-read`) nor an explicit grant in
  `access_control_policy` of an `aws_s3_bucket_acl` may name them.

  Scenario: No canned ACL makes a bucket public
    Given the "aws_s3_bucket_acl" resources
    Then its "acl" is not one of "public-read", "public-read-write", "authenticated-read"

  Scenario: No explicit grant is to everyone or to every AWS account
    Given the "aws_s3_bucket_acl" resources
    And those whose "acl" is not set
    When I take the items of its "access_control_policy"
    And I take the items of its "grant"
    And those whose "grantee[0].uri" is one of "http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    Then no resource has any of them
