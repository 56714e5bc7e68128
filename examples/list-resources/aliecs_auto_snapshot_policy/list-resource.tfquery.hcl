# Every automatic snapshot policy of the account in the provider's region (system policies are left out).
list "aliecs_auto_snapshot_policy" "all" {
  provider = aliecs
}
