@id:team-no-object-deletion @enforce
Feature: No bucket policy lets principals delete objects
  Objects are removed by lifecycle rules only.

  Scenario: Bucket policies do not allow s3:DeleteObject
    Given the bucket policies of the plan
    Then its policy does not allow "s3:DeleteObject" on the bucket objects
