# The copies kept in the provider's region of snapshots of cn-hangzhou.
list "aliecs_snapshot_copy" "from_hangzhou" {
  provider = aliecs
  config {
    source_region_id = "cn-hangzhou"
  }
}
