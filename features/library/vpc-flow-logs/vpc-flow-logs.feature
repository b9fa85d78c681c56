@id:vpc-flow-logs @library @observe @logging
Feature: VPCs record their traffic in flow logs
  Flow logs are the record of which addresses talked to which, on which ports: what an incident
  responder needs to tell exfiltration or lateral movement from normal traffic. Every VPC has an
  `aws_flow_log` whose `vpc_id` is that VPC, recording accepted and rejected traffic alike
  (`traffic_type = "ALL"`).

  Scenario: Every VPC has a flow log of all its traffic
    Given the "aws_vpc" resources
    When I take the "aws_flow_log" resources whose "vpc_id" references it
    Then its "traffic_type" is "ALL"
