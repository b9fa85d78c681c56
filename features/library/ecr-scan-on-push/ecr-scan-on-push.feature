@id:ecr-scan-on-push @library @observe @vulnerability-management
Feature: ECR repositories scan images when they are pushed
  Scanning on push finds known vulnerabilities in an image before it is deployed, and records the
  findings where Security Hub and Inspector pick them up. Every repository sets
  `image_scanning_configuration { scan_on_push = true }`.

  Scenario: Every repository scans images on push
    Given the "aws_ecr_repository" resources
    Then its "image_scanning_configuration[*].scan_on_push" is true
