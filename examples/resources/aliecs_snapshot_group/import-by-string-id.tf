# Terraform 1.5 and later: import in configuration, reviewed in the plan.
import {
  to = aliecs_snapshot_group.db
  id = "ssg-bp1example0group01"
}
