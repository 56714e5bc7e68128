# A snapshot to read back, so that this runs unchanged against the ecs-emulator (its default fixture has the disk,
# and no snapshot until one is made). On a real account the data source usually reads a snapshot made elsewhere:
# by hand, by another configuration, by an automatic snapshot policy.
resource "aliecs_snapshot" "app_data" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_name = "app-data-nightly"
}

# One snapshot by ID: every field of it, under the names of the aliecs_snapshot resource.
data "aliecs_snapshot" "by_id" {
  id = aliecs_snapshot.app_data.id
}

# The newest accomplished snapshot of a disk whose name starts with "app-data-". Without most_recent, finding
# several would be an error; finding none is always one (here depends_on reads it only after the snapshot above
# exists).
data "aliecs_snapshot" "latest" {
  disk_id     = "d-bp1c8n4x2w6yz0t5pq3s"
  status      = "accomplished"
  name_regex  = "^app-data-"
  most_recent = true

  depends_on = [aliecs_snapshot.app_data]
}

output "latest_snapshot" {
  value = {
    id            = data.aliecs_snapshot.latest.id
    creation_time = data.aliecs_snapshot.latest.creation_time
    tags          = data.aliecs_snapshot.latest.tags
  }
}

output "by_id_status" {
  value = data.aliecs_snapshot.by_id.status
}
