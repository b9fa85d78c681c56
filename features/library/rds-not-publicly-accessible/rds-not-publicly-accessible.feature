@id:rds-not-publicly-accessible @library @observe @public-exposure
Feature: RDS databases are not reachable from the internet
  A publicly accessible instance gets a DNS name that resolves to a public address, so a security
  group rule is all that stands between the database port and the internet. Databases are reached
  from inside the VPC: `publicly_accessible` is false on every `aws_db_instance` and
  `aws_rds_cluster_instance`.

  Scenario: No DB instance or Aurora cluster instance is publicly accessible
    Given the "aws_db_instance" or "aws_rds_cluster_instance" resources
    Then its "publicly_accessible" is false
