# The manual snapshots of a desktop's system disk taken in January 2026. The desktop is one of the ecs-emulator's
# default fixture (it lists its desktops at start); on a real account, name your own.
data "aliecs_desktop_snapshots" "january" {
  desktop_id       = "ecd-bp1r7k2m9x4q6w3e5"
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
