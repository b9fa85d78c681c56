@id:no-ssh-from-internet @enforce
Feature: No security group opens SSH to the internet
  SSH reaches instances through the VPN; a group that opens port 22 to 0.0.0.0/0 is a finding.

  Scenario: No ingress item covering port 22 is open to the internet
    Given the "aws_security_group" resources
    When I take the items of its "ingress"
    And those whose "cidr_blocks" contains "0.0.0.0/0"
    And those whose "from_port" is at most 22
    And those whose "to_port" is at least 22
    Then no resource has any of them
