# The snapshot to go back to (usually made earlier; made here so that the example runs on its own).
resource "aliecs_snapshot" "known_good" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_name = "known-good"
}

# The whole roll-back runbook on one trigger: creating (or replacing) terraform_data.rollback stops the instance,
# rolls the disk back to the snapshot, and starts the instance again, in the order listed. Point triggers_replace
# at another snapshot to roll back again.
resource "terraform_data" "rollback" {
  triggers_replace = [aliecs_snapshot.known_good.id]

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.aliecs_stop_instance.web, action.aliecs_reset_disk.web, action.aliecs_start_instance.web]
    }
  }
}

action "aliecs_stop_instance" "web" {
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}

action "aliecs_reset_disk" "web" {
  config {
    disk_id     = aliecs_snapshot.known_good.disk_id
    snapshot_id = aliecs_snapshot.known_good.id
  }
}

action "aliecs_start_instance" "web" {
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}
