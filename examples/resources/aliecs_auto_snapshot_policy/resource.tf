# Automatic snapshots at 02:00 and 14:00 (UTC+8) every day, kept for a week.
resource "aliecs_auto_snapshot_policy" "daily" {
  name            = "daily-2am-2pm"
  time_points     = [2, 14]
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 7
  tags = {
    env = "production"
  }
}

# Weekly snapshots kept until deleted, each copied to another region, encrypted there.
resource "aliecs_auto_snapshot_policy" "weekly_dr" {
  name            = "weekly-dr"
  time_points     = [3]
  repeat_weekdays = [7]
  retention_days  = -1

  enable_cross_region_copy        = true
  target_copy_regions             = ["cn-shanghai"]
  copied_snapshots_retention_days = 30
  copy_encryption = {
    encrypted = true
  }
}
