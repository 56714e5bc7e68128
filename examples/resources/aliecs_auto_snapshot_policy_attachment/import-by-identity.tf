import {
  to = aliecs_auto_snapshot_policy_attachment.example
  identity = {
    auto_snapshot_policy_id = "sp-bp14yziiuvu3s6jn****"
    disk_id                 = "d-bp1c8n4x2w6yz0t5pq3s"
  }
}
