# A snapshot of the data disk of a cloud desktop (Elastic Desktop Service / WUYING Workspace). The apply waits
# until the snapshot is ACCOMPLISHED. The desktop is dev-desktop of the ecs-emulator's default fixture (it lists its
# desktops at start), so that this runs against it unchanged; on a real account, name your own desktop, Running or
# Stopped.
resource "aliecs_desktop_snapshot" "before_upgrade" {
  desktop_id       = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name    = "before-upgrade"
  source_disk_type = "data"
  description      = "Data disk before the application upgrade"

  timeouts {
    create = "60m"
  }
}
