# One snapshot by ID: every field of it, under the names of the aliecs_snapshot resource.
data "aliecs_snapshot" "by_id" {
  id = "s-bp1example0snap0001"
}

# The newest accomplished snapshot of a disk whose name starts with "app-data-". Without most_recent, finding
# several would be an error; finding none is always one.
data "aliecs_snapshot" "latest" {
  disk_id     = "d-bp1c8n4x2w6yz0t5pq3s"
  status      = "accomplished"
  name_regex  = "^app-data-"
  most_recent = true
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
