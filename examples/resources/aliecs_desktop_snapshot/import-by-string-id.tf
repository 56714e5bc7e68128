# Terraform 1.5 and later: import in configuration, reviewed in the plan.
import {
  to = aliecs_desktop_snapshot.before_upgrade
  id = "s-2zeipxmnhej803x70001"
}
