# The data disk of a cloud desktop, on demand:
#   terraform apply -invoke=action.aliecs_create_desktop_snapshot.workstation
action "aliecs_create_desktop_snapshot" "workstation" {
  config {
    desktop_id       = "ecd-bp1r7k2m9x4q6w3e5"
    snapshot_name    = "before-upgrade"
    source_disk_type = "data"
    description      = "Data disk before the application upgrade"
  }
}
