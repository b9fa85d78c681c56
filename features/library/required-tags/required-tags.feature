@id:required-tags @library @observe @tagging
Feature: Every taggable resource names its owner, environment and cost centre
  Incident responders page the owner of a resource, cost reports are split by cost centre, and
  access policies and backups select resources by environment. Every resource whose type supports
  tags carries `Owner`, `Environment` and `CostCenter` with a value. Tags set once in the AWS
  provider's `default_tags` count for every resource of that provider, as AWS applies them. Other
  providers' resources are left out: their `tags` (a Google instance's network tags) are not AWS tags.

  Scenario: Every taggable resource carries the required tags
    Given the resources that support tags
    Then it is tagged "Owner"
    And it is tagged "Environment"
    And it is tagged "CostCenter"
