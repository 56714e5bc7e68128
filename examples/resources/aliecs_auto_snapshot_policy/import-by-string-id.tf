# Terraform 1.5 and later: import in configuration, reviewed in the plan.
import {
  to = aliecs_auto_snapshot_policy.daily
  id = "sp-bp1example0policy01"
}
