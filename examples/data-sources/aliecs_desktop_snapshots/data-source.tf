# The manual snapshots of a desktop's system disk taken in January 2026.
data "aliecs_desktop_snapshots" "january" {
  desktop_id       = "ecd-gx2x1dhsmucyy0001"
  source_disk_type = "system"
  snapshot_type    = "user"
  start_time       = "2026-01-01T00:00:00Z"
  end_time         = "2026-01-31T23:59:59Z"
}

output "january_snapshots" {
  value = {
    for s in data.aliecs_desktop_snapshots.january.snapshots : s.id => "${s.snapshot_name} (${s.status}, ${s.source_disk_size} GiB)"
  }
}
