import {
  provider = aliecs.dr
  to       = aliecs_snapshot_copy.data
  id       = "s-uf6a1b2c3d4e5f6g7h8i"
}
