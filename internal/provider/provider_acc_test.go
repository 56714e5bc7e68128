package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkSnapshotsDestroyed(t, env.ECSClient(t)),
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
	resource.ParallelTest(t, resource.TestCase{
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

// checkSnapshotsDestroyed is CheckDestroy: the API, asked through api, knows none of the snapshots the state held.
func checkSnapshotsDestroyed(t *testing.T, api ecsclient.Client) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "aliecs_snapshot" {
				continue
			}
			found, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{rs.Primary.ID}})
			if err != nil {
				return fmt.Errorf("asking for snapshot %s after destroy: %w", rs.Primary.ID, err)
			}
			if len(found) > 0 {
				return fmt.Errorf("snapshot %s still exists after destroy (status %s)", rs.Primary.ID, found[0].Status)
			}
		}
		return nil
	}
}
