# A snapshot is imported by its ID.
terraform import aliecs_snapshot.nightly s-bp1example0snap0001
