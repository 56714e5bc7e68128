# The disk IDs are of the ecs-emulator's default fixture (it prints its disks at start), so that this runs against
# it unchanged; on a real account, name your own disks.
resource "aliecs_auto_snapshot_policy" "daily" {
  name            = "daily-two-copies"
  time_points     = [2, 14] # hours, UTC+8
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 7
}

resource "aliecs_auto_snapshot_policy_attachment" "app_data" {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.daily.id
  disk_id                 = "d-bp1c8n4x2w6yz0t5pq3s"
}

# One attachment per disk: a disk carries one policy at a time. To move a disk to another policy, change
# auto_snapshot_policy_id here (an in-place update), rather than adding a second attachment for the same disk.
resource "aliecs_auto_snapshot_policy_attachment" "archive" {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.daily.id
  disk_id                 = "d-bp1g5h0j3k8l2m7n4pq1"
}

