# The provider of the region the copy is kept in, beside the default one of the source's region.
provider "aliecs" {
  alias  = "dr"
  region = "cn-shanghai"
}

resource "aliecs_snapshot" "data" {
  disk_id       = "d-bp1c8n4x2w6yz0t5pq3s"
  snapshot_name = "dr-source"
}

resource "aliecs_snapshot_copy" "data" {
  provider = aliecs.dr

  source_snapshot_id = aliecs_snapshot.data.id
  source_region_id   = "cn-hangzhou"
  snapshot_name      = "dr-copy"
  retention_days     = 30
  tags = {
    purpose = "dr"
  }
}

# An encrypted copy, with a KMS key of the destination region.
resource "aliecs_snapshot_copy" "encrypted" {
  provider = aliecs.dr

  source_snapshot_id = aliecs_snapshot.data.id
  source_region_id   = "cn-hangzhou"
  encrypted          = true
  kms_key_id         = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"
}
