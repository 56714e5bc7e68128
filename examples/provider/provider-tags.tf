# Tags every snapshot of this configuration gets (tags_all), and tag keys set outside Terraform (by a cost tool
# or a policy, say) that Terraform neither shows, nor changes, nor removes.
provider "aliecs" {
  alias  = "tagged"
  region = "cn-hangzhou"

  default_tags {
    tags = {
      team        = "platform"
      environment = "production"
    }
  }

  ignore_tags {
    keys         = ["last-scanned"]
    key_prefixes = ["finops:"]
  }
}

resource "aliecs_snapshot" "tagged" {
  provider = aliecs.tagged
  disk_id  = "d-bp1c8n4x2w6yz0t5pq3s"

  # Merged over the default tags: tags_all is { team = "platform", environment = "staging", app = "db" }.
  tags = {
    environment = "staging"
    app         = "db"
  }
}
