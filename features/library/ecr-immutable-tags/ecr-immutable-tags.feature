@id:ecr-immutable-tags @library @observe @supply-chain
Feature: ECR image tags cannot be overwritten
  With mutable tags, whoever can push can replace what `app:1.4.2` means after it was reviewed,
  scanned and deployed. Immutable tags make a tag name one image forever. Every repository sets
  `image_tag_mutability = "IMMUTABLE"` (the default is `MUTABLE`).

  Scenario: Every repository has immutable tags
    Given the "aws_ecr_repository" resources
    Then its "image_tag_mutability" is "IMMUTABLE"
