# Disaster recovery: a snapshot of a disk in the primary region, and a copy of it kept in a second region.
# `make demo-copy` applies this against the emulator; against a real account, set the variables to your own.
terraform {
  required_providers {
    aliecs = {
      source = "aliecs/aliecs"
    }
  }
}

variable "primary_region" {
  description = "Region of the disk and its snapshot."
  type        = string
  default     = "cn-hangzhou"
}

variable "dr_region" {
  description = "Region the copy is kept in."
  type        = string
  default     = "cn-shanghai"
}

variable "disk_id" {
  description = "Disk to snapshot, in the primary region (the emulator's default fixture has this one)."
  type        = string
  default     = "d-bp1c8n4x2w6yz0t5pq3s"
}

# Credentials and the endpoint come from the environment (ALIECS_ENDPOINT; see the provider docs); make demo-copy
# sets them. One provider configuration per region: the copy is managed from the region it lives in.
provider "aliecs" {
  region = var.primary_region
}

provider "aliecs" {
  alias  = "dr"
  region = var.dr_region
}

resource "aliecs_snapshot" "data" {
  disk_id        = var.disk_id
  snapshot_name  = "dr-source"
  description    = "Daily snapshot of the data disk"
  retention_days = 7
  tags = {
    purpose = "dr"
  }
}

resource "aliecs_snapshot_copy" "data" {
  provider = aliecs.dr

  source_snapshot_id = aliecs_snapshot.data.id
  source_region_id   = var.primary_region
  snapshot_name      = "dr-copy"
  description        = "Copy of the data disk's snapshot for disaster recovery"
  retention_days     = 30
  tags = {
    purpose = "dr"
  }
}

output "source" {
  description = "The snapshot in the primary region."
  value = {
    id     = aliecs_snapshot.data.id
    region = aliecs_snapshot.data.region_id
  }
}

output "copy" {
  description = "The copy in the disaster-recovery region, and what it was copied from."
  value = {
    id                 = aliecs_snapshot_copy.data.id
    region             = aliecs_snapshot_copy.data.region_id
    source_snapshot_id = aliecs_snapshot_copy.data.source_snapshot_id
    status             = aliecs_snapshot_copy.data.status
  }
}
