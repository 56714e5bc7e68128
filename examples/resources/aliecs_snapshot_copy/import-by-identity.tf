import {
  to = aliecs_snapshot_copy.example
  identity = {
    id = "s-uf6h3k0q9w2e4r7t1y5u"
  }
}
