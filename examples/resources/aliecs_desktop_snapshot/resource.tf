# A snapshot of the data disk of a cloud desktop (Elastic Desktop Service / WUYING Workspace). The apply waits
# until the snapshot is ACCOMPLISHED.
resource "aliecs_desktop_snapshot" "before_upgrade" {
  desktop_id       = "ecd-gx2x1dhsmucyy0001"
  snapshot_name    = "before-upgrade"
  source_disk_type = "data"
  description      = "Data disk before the application upgrade"

  timeouts {
    create = "60m"
  }
}
