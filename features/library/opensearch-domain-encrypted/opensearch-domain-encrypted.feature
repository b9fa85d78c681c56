@id:opensearch-domain-encrypted @library @observe @encryption-at-rest
Feature: OpenSearch domains encrypt their data at rest and between nodes
  Search indexes hold copies of the data they were fed: logs, orders, customer records. A domain
  encrypts its indexes, swap files and automated snapshots at rest, and the traffic between its
  nodes, on `aws_opensearch_domain` and the older `aws_elasticsearch_domain` alike. Both settings
  are off unless written, and a domain that leaves a block out shows it only after apply, so the
  guardrail is indeterminate until the block is written.

  Scenario: Every domain encrypts data at rest and node-to-node traffic
    Given the "aws_opensearch_domain" or "aws_elasticsearch_domain" resources
    Then its "encrypt_at_rest[*].enabled" is true
    And its "node_to_node_encryption[*].enabled" is true
