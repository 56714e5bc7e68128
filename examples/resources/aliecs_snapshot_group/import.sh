# A snapshot group is imported by its ID.
terraform import aliecs_snapshot_group.db ssg-bp1example0group01
