@id:security-group-no-admin-ports-from-internet @library @observe @network-ingress
Feature: SSH and RDP are not open to the internet
  Remote administration ports reachable from anywhere are found by scanners within minutes and then
  brute-forced or hit with the next pre-authentication exploit. SSH (22) and RDP (3389) are reached
  through a VPN, a bastion or Session Manager, never from `0.0.0.0/0` or `::/0`. Security groups are
  judged with their inline rules and the standalone rules attached to them; standalone rules of
  groups outside the plan are judged on their own. A rule for every protocol (`-1`) or a port range
  that covers 22 or 3389 counts.

  Scenario: No security group or rule admits SSH or RDP from the internet
    Given the "aws_security_group" or "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule" resources
    Then it is not open to the internet on port 22
    And it is not open to the internet on port 3389
