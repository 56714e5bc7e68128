# A policy is imported by its ID.
terraform import aliecs_auto_snapshot_policy.daily sp-bp1example0policy01
