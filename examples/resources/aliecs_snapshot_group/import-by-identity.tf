import {
  to = aliecs_snapshot_group.example
  identity = {
    id = "ssg-bp1ad0kxb8p9u0gb****"
  }
}
