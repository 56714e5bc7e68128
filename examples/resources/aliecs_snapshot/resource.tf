resource "aliecs_snapshot" "nightly" {
  disk_id        = "d-bp1example0data0001"
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
