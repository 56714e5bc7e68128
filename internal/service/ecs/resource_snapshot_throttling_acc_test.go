package ecs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// TestAccSnapshot_throttledWaitsFinish creates several snapshots at once while the API throttles the first
// DescribeSnapshots calls more times than one call retries (max_retries = 1: two attempts): the waits share
// their checks, back off and go on, so the apply ends without an error. Without that, each wait would fail on
// its first throttled check.
func TestAccSnapshot_throttledWaitsFinish(t *testing.T) {
	const snapshots, throttled = 4, 4
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Second})
	env.SkipIfRealCloud(t)
	if len(env.DiskIDs) < snapshots {
		t.Fatalf("the fixture has %d disks that accept snapshots, want %d", len(env.DiskIDs), snapshots)
	}
	if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "DescribeSnapshots", Count: throttled,
		Code: "Throttling.User", HTTPStatus: 400, Message: "Request was denied due to user flow control."}}); err != nil {
		t.Fatal(err)
	}
	var cfg strings.Builder
	cfg.WriteString(env.ProviderConfigWith("max_retries = 1"))
	checks := []resource.TestCheckFunc{func(*terraform.State) error {
		if got := env.Emulator.CallCounts()["DescribeSnapshots"]; got <= throttled {
			return fmt.Errorf("%d DescribeSnapshots calls: the throttling (%d calls) cannot all have been met", got, throttled)
		}
		return nil
	}}
	for i := range snapshots {
		fmt.Fprintf(&cfg, "resource \"aliecs_snapshot\" \"s%d\" {\n  disk_id = %q\n}\n", i, env.DiskIDs[i])
		checks = append(checks, resource.TestCheckResourceAttr(fmt.Sprintf("aliecs_snapshot.s%d", i), "status", "accomplished"))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckAllDestroyed(env),
		Steps: []resource.TestStep{{
			Config: cfg.String(),
			Check:  resource.ComposeAggregateTestCheckFunc(checks...),
		}},
	})
}

// resCheckAllDestroyed is CheckDestroy for configurations of several snapshots: the emulator holds none.
func resCheckAllDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := env.Emulator.Backend().Snapshots(); len(left) > 0 {
			return fmt.Errorf("%d snapshots left after destroy, first %s", len(left), left[0].SnapshotId)
		}
		return nil
	}
}
