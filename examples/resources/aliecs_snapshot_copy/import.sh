# The copy's ID, with the provider (alias) of the region the copy is in configured on the resource.
terraform import aliecs_snapshot_copy.data s-uf6a1b2c3d4e5f6g7h8i
