# The manual snapshots of one disk (copies, group members and automatic snapshots are never listed here).
list "aliecs_snapshot" "data_disk" {
  provider = aliecs
  config {
    disk_id    = "d-bp1c8n4x2w6yz0t5pq3s"
    name_regex = "^app-"
  }
}
