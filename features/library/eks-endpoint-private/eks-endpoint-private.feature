@id:eks-endpoint-private @library @observe @public-exposure
Feature: EKS cluster API endpoints are not public
  The Kubernetes API server controls every workload of the cluster. A public endpoint exposes it
  (and any unpatched flaw in it) to the internet, by default to `0.0.0.0/0`. Clusters are reached
  through the private endpoint from inside the VPC, a VPN or a bastion:
  `vpc_config { endpoint_public_access = false }` (the default is true).

  Scenario: No cluster exposes its API endpoint publicly
    Given the "aws_eks_cluster" resources
    Then its "vpc_config[*].endpoint_public_access" is false
