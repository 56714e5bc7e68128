# The disk ID is one of the ecs-emulator's default fixture (it prints its disks at start), so that this runs
# against it unchanged; on a real account, name your own disk.
# Every accomplished manual snapshot of one disk tagged env=production, newest first.
data "aliecs_snapshots" "production" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
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
