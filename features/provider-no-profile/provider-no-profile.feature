@id:provider-no-profile @enforce
Feature: AWS providers take their credentials from the CI identity
  In CI the AWS SDK must reach the web-identity link of its credential chain. A `profile`, static
  keys or credential files in any aws provider block (aliased, or inside a module) short-circuit it.

  Scenario: No aws provider configuration sets a profile, static keys or credential files
    Given the "aws" provider configurations
    Then none of its "profile", "access_key", "secret_key", "shared_credentials_files", "shared_config_files" is set
