# Every accomplished manual snapshot of one disk tagged env=production, newest first.
data "aliecs_snapshots" "production" {
  disk_id       = "d-bp1example0data0001"
  status        = "accomplished"
  snapshot_type = "user"
  tags = {
    env = "production"
  }
}

# The newest snapshot whose name starts with "app-data-".
data "aliecs_snapshots" "latest" {
  name_regex  = "^app-data-"
  most_recent = true
}

output "production_snapshot_ids" {
  value = data.aliecs_snapshots.production.ids
}

output "latest_snapshot" {
  value = one(data.aliecs_snapshots.latest.snapshots[*].snapshot_id)
}
