@id:security-group-no-database-ports-from-internet @library @observe @network-ingress
Feature: Database and cache ports are not open to the internet
  Databases, caches and search engines exposed to the internet are the source of most mass data
  leaks: an unauthenticated Redis, MongoDB or Elasticsearch is emptied or ransomed by bots, and a
  password-protected one is brute-forced. No security group or rule admits from the internet MySQL
  (3306), PostgreSQL (5432), SQL Server (1433), Oracle (1521), MongoDB (27017), Redis (6379),
  Memcached (11211) or Elasticsearch and OpenSearch (9200).

  Scenario: No security group or rule admits a database port from the internet
    Given the "aws_security_group" or "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule" resources
    Then it is not open to the internet on port 3306
    And it is not open to the internet on port 5432
    And it is not open to the internet on port 1433
    And it is not open to the internet on port 1521
    And it is not open to the internet on port 27017
    And it is not open to the internet on port 6379
    And it is not open to the internet on port 11211
    And it is not open to the internet on port 9200
