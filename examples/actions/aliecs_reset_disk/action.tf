# The snapshot to go back to. It usually exists already (reference its ID, or import it); here this configuration
# makes it, so that the example runs on its own.
resource "aliecs_snapshot" "known_good" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_name = "known-good"
}

# The roll-back runbook, one action at a time, in this order:
#   terraform apply -invoke=action.aliecs_stop_instance.web
#   terraform apply -invoke=action.aliecs_reset_disk.web
#   terraform apply -invoke=action.aliecs_start_instance.web
# (or all three on one trigger: see aliecs_start_instance's example).
action "aliecs_stop_instance" "web" {
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}

action "aliecs_reset_disk" "web" {
  config {
    disk_id                        = aliecs_snapshot.known_good.disk_id
    snapshot_id                    = aliecs_snapshot.known_good.id
    safety_snapshot                = true # what was written since is kept in a snapshot first
    safety_snapshot_retention_days = 14
  }
}

action "aliecs_start_instance" "web" {
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}

# Every disk of a snapshot-consistent group goes back to the group's snapshot of it:
#   action "aliecs_reset_disk" "db" {
#     config {
#       snapshot_group_id = "ssg-..."
#     }
#   }
