terraform {
  required_providers {
    aliecs = {
      source = "aliecs/aliecs"
    }
  }
}

# Credentials come from the environment (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET,
# or the ALICLOUD_* names of the official provider), a CLI profile, or an ECS RAM role.
provider "aliecs" {
  region = "cn-hangzhou"
}
