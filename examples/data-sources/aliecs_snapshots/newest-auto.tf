# The newest automatic snapshot of one disk: automatic snapshots have snapshot_type "auto" (older ones "timer"),
# and most_recent keeps the latest creation_time. status = "accomplished" leaves out one still being taken.
data "aliecs_snapshots" "newest_auto" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_type = "auto"
  status        = "accomplished"
  most_recent   = true
}

output "newest_auto_snapshot_id" {
  # null when the disk has no automatic snapshot yet (most_recent gives an empty list, not an error).
  value = one(data.aliecs_snapshots.newest_auto.snapshots[*].snapshot_id)
}
