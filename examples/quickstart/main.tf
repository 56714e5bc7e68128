# Quickstart: snapshots of an instance's disks, then every snapshot of that instance read back.
# `make demo` applies this against the emulator; against a real account, set the variables to your own disks.
terraform {
  required_providers {
    aliecs = {
      source = "aliecs/aliecs"
    }
  }
}

# Region, credentials and endpoints come from the environment (ALIECS_ENDPOINT, ALIECS_STS_ENDPOINT; see the
# provider docs); make demo sets them.
provider "aliecs" {}

variable "instance_id" {
  description = "Instance whose disks are snapshotted (the emulator's default fixture has this one)."
  type        = string
  default     = "i-bp1h6jmbefj2cyqs6vrq"
}

variable "disks" {
  description = "Disks to snapshot, by a short name."
  type        = map(string)
  default = {
    system = "d-bp1a3r2m5jxl7hq0w8ke"
    data   = "d-bp1c8n4x2w6yz0t5pq3s"
  }
}

# Which account these credentials act on (STS GetCallerIdentity), shown before anything changes.
data "aliecs_caller_identity" "current" {}

resource "aliecs_snapshot" "this" {
  for_each = var.disks

  disk_id        = each.value
  snapshot_name  = "quickstart-${each.key}"
  description    = "Snapshot of the ${each.key} disk, made by the aliecs quickstart"
  retention_days = 7
  tags = {
    purpose = "quickstart"
    disk    = each.key
  }
}

data "aliecs_snapshots" "instance" {
  instance_id = var.instance_id
  tags        = { purpose = "quickstart" }

  depends_on = [aliecs_snapshot.this]
}

output "snapshot_ids" {
  description = "The snapshot made of each disk."
  value       = { for k, s in aliecs_snapshot.this : k => s.id }
}

output "snapshots" {
  description = "Every quickstart snapshot of the instance, as the data source reads them."
  value = [for s in data.aliecs_snapshots.instance.snapshots : {
    id       = s.snapshot_id
    name     = s.snapshot_name
    status   = s.status
    progress = s.progress
    size_gib = s.source_disk_size
    type     = s.source_disk_type
  }]
}

output "account" {
  description = "The account and identity the provider acts as."
  value       = "${data.aliecs_caller_identity.current.account_id} (${data.aliecs_caller_identity.current.arn})"
}
