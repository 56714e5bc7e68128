# Every disk of a database server at one instant: the snapshots fit together.
resource "aliecs_snapshot_group" "db" {
  instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  name        = "db.nightly"
  description = "all disks of the database server"
  tags = {
    app = "postgres"
  }
}

# Every disk of the instance but those a group cannot take (here its two ultra disks: groups take ESSDs only).
resource "aliecs_snapshot_group" "without_ultra" {
  instance_id      = "i-bp1g6zv0ce8oghu7k7ww"
  exclude_disk_ids = ["d-bp1e2f7t9k4m6n1r3vx8", "d-bp1t7y2u9i4o6p1a3sd5"]
}

# Chosen disks of several instances of one zone. A disk takes one snapshot at a time, so this group waits for the
# groups above, which snapshot the same disks.
resource "aliecs_snapshot_group" "cluster" {
  disk_ids   = ["d-bp1c8n4x2w6yz0t5pq3s", "d-bp1g5h0j3k8l2m7n4pq1"]
  depends_on = [aliecs_snapshot_group.db, aliecs_snapshot_group.without_ultra]

  timeouts {
    create = "2h"
  }
}

# The group's snapshots are ordinary snapshots, all with one creation time.
data "aliecs_snapshots" "db" {
  ids = aliecs_snapshot_group.db.snapshots[*].snapshot_id
}
