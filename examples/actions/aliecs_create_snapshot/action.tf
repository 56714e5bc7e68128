# A snapshot of the data disk before every update of the release this configuration rolls out. Changing `input`
# updates terraform_data.release, and before_update runs the action first. (Use events = [before_create] with
# triggers_replace, which replaces the resource instead of updating it.) Creating terraform_data.release takes none.
resource "terraform_data" "release" {
  input = "release-2026-12-01"

  lifecycle {
    action_trigger {
      events  = [before_update]
      actions = [action.aliecs_create_snapshot.before_release]
    }
  }
}

action "aliecs_create_snapshot" "before_release" {
  config {
    disk_id        = "d-bp1c8n4x2w6yz0t5pq3s"
    snapshot_name  = "before-release"
    description    = "Taken by Terraform before a release"
    retention_days = 7 # no state holds the snapshot: let it expire on its own
    tags = {
      purpose = "pre-change"
    }
  }
}
