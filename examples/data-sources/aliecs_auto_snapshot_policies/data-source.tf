# Every policy of the region tagged env=production whose name starts with "daily-".
data "aliecs_auto_snapshot_policies" "production" {
  name_regex = "^daily-"
  tags = {
    env = "production"
  }
}

output "policy_ids" {
  value = data.aliecs_auto_snapshot_policies.production.ids
}

# The disks each policy applies to, by name.
output "disks_per_policy" {
  value = { for p in data.aliecs_auto_snapshot_policies.production.policies : p.name => p.disk_nums }
}
