# The finished groups of an instance that carry a tag, with their snapshots.
data "aliecs_snapshot_groups" "db" {
  instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  status      = ["accomplished"]
  tags = {
    app = "postgres"
  }
}

output "db_group_snapshots" {
  value = { for g in data.aliecs_snapshot_groups.db.groups : g.id => g.snapshots[*].snapshot_id }
}
