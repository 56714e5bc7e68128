import {
  to = aliecs_auto_snapshot_policy.example
  identity = {
    id = "sp-bp14yziiuvu3s6jn****"
  }
}
