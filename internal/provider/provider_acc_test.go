package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// A provider block that depends on a resource not created yet: the plan must work without a client,
// and the apply must configure the provider once the value is known.
func TestAccProvider_unknownConfigurationAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	config := fmt.Sprintf(`
resource "terraform_data" "region" {
  input = %q
}

provider "aliecs" {
  region     = terraform_data.region.output
  endpoint   = %q
  access_key = %q
  secret_key = %q
}

resource "aliecs_snapshot" "test" {
  disk_id = %q
}
`, env.Emulator.Region, env.Emulator.URL, env.Emulator.AccessKeyID, env.Emulator.AccessKeySecret, env.DiskID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliecs_snapshot.test", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
			},
		}},
	})
}

func TestAccProvider_remotePlainHTTPEndpointRefused(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	block := func(endpoint string) string {
		return fmt.Sprintf(`
provider "aliecs" {
  region     = "cn-hangzhou"
  endpoint   = %q
  access_key = "ak"
  secret_key = "sk"
}

resource "aliecs_snapshot" "test" {
  disk_id = "d-1"
}
`, endpoint)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{
				Config:      block("http://ecs.example.com"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)endpoint "http://ecs.example.com" uses plain http.*insecure\s+=\s+true`),
			},
			{
				Config:      block("ecs.example.com"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)must be a URL with scheme and host`),
			},
		},
	})
}
