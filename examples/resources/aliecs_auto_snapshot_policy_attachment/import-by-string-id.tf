# Terraform 1.5 and later: import in configuration, reviewed in the plan.
import {
  to = aliecs_auto_snapshot_policy_attachment.app_data
  id = "sp-bp1example0policy01:d-bp1c8n4x2w6yz0t5pq3s"
}
