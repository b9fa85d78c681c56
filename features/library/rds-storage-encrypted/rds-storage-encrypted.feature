@id:rds-storage-encrypted @library @observe @encryption-at-rest
Feature: RDS databases encrypt their storage
  Storage encryption covers the database files, automated backups, read replicas and snapshots.
  It can only be chosen when the instance or cluster is created, so it must be right in the first
  plan: `storage_encrypted = true` on every `aws_db_instance` and `aws_rds_cluster`.

  Scenario: Every DB instance and DB cluster encrypts its storage
    Given the "aws_db_instance" or "aws_rds_cluster" resources
    Then its "storage_encrypted" is true
