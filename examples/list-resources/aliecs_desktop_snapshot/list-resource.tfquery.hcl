# The manual snapshots of one cloud desktop.
list "aliecs_desktop_snapshot" "desktop" {
  provider = aliecs
  config {
    desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  }
}
