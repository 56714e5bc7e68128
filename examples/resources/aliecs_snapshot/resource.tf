# The disk ID is one of the ecs-emulator's default fixture (it prints its disks at start), so that this runs
# against it unchanged; on a real account, name your own disk.
resource "aliecs_snapshot" "nightly" {
  disk_id        = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_name  = "app-data-before-upgrade"
  description    = "Taken before the 2.4 upgrade"
  retention_days = 30

  tags = {
    team = "platform"
    env  = "production"
  }

  timeouts {
    create = "2h"
  }
}
