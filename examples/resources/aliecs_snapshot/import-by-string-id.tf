# Terraform 1.5 and later: import in configuration, reviewed in the plan.
import {
  to = aliecs_snapshot.nightly
  id = "s-bp1example0snap0001"
}
