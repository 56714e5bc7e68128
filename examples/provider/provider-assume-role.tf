# Credentials from the environment (or a profile, or ecs_role_name) assume a RAM role; every API call is then
# made with the role's temporary credentials, renewed before they expire.
provider "aliecs" {
  region = "cn-hangzhou"

  assume_role {
    role_arn           = "acs:ram::1234567890123456:role/terraform-snapshots"
    session_name       = "terraform"
    session_expiration = 3600
    # external_id      = "issued-by-the-role-owner"
    policy = jsonencode({
      Version = "1"
      Statement = [{
        Effect   = "Allow"
        Action   = ["ecs:*Snapshot*", "ecs:DescribeDisks", "ecs:*TagResources", "ecs:ListTagResources"]
        Resource = "*"
      }]
    })
  }
}

# On an ECS instance with a RAM role attached: that role's credentials, from the instance metadata service.
provider "aliecs" {
  alias         = "instance"
  region        = "cn-hangzhou"
  ecs_role_name = "terraform-runner"
}
