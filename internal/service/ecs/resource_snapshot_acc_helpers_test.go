package ecs_test

import (
	"context"
	"fmt"
	"maps"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

const resAddr = "aliecs_snapshot.test"

// resConfig is the provider block and one aliecs_snapshot of env's disk with the given body.
func resConfig(env *acctest.Env, body string) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
%s
}
`, env.DiskID, body)
}

// resStateID reads the snapshot ID from the state into *id, for later steps.
func resStateID(id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// resCheckBackend checks the snapshot in the emulator's backend, behind the API: what the provider sent
// really arrived. Against the real cloud it checks nothing (the attribute checks still run).
func resCheckBackend(env *acctest.Env, check func(s backend.Snapshot) error) func(*terraform.State) error {
	return func(st *terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		rs, ok := st.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		s, ok := env.Emulator.Backend().Snapshot(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("snapshot %s is in the state but not in the emulator", rs.Primary.ID)
		}
		return check(s)
	}
}

// resCheckDestroyed is CheckDestroy: every snapshot the state held is gone from the emulator.
func resCheckDestroyed(env *acctest.Env) func(*terraform.State) error {
	return func(st *terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "aliecs_snapshot" {
				continue
			}
			if s, ok := env.Emulator.Backend().Snapshot(rs.Primary.ID); ok {
				return fmt.Errorf("snapshot %s still exists after destroy (status %s)", rs.Primary.ID, s.Status)
			}
		}
		if left := env.Emulator.Backend().Snapshots(); len(left) > 0 {
			return fmt.Errorf("%d snapshot(s) left in the emulator after destroy, first %s", len(left), left[0].SnapshotId)
		}
		return nil
	}
}

func backendTags(s backend.Snapshot) map[string]string {
	tags := map[string]string{}
	for _, t := range s.Tags.Tag {
		tags[t.TagKey] = t.TagValue
	}
	return tags
}

func expectTags(s backend.Snapshot, want map[string]string) error {
	if got := backendTags(s); !maps.Equal(got, want) {
		return fmt.Errorf("emulator has tags %v, want %v", got, want)
	}
	return nil
}

// expectReplacedBecauseTainted checks that the prior state holds the resource tainted, as wantID() when that
// is not empty, and that the plan replaces it.
func expectReplacedBecauseTainted(addr string, wantID func() string) plancheck.PlanCheck {
	return taintedCheck{addr: addr, wantID: wantID}
}

type taintedCheck struct {
	addr   string
	wantID func() string
}

func (c taintedCheck) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	prior := req.Plan.PriorState
	if prior == nil || prior.Values == nil || prior.Values.RootModule == nil {
		resp.Error = fmt.Errorf("the plan has no prior state")
		return
	}
	var found *tfjson.StateResource
	for _, r := range prior.Values.RootModule.Resources {
		if r.Address == c.addr {
			found = r
		}
	}
	switch {
	case found == nil:
		resp.Error = fmt.Errorf("%s is not in the prior state: it was lost", c.addr)
		return
	case !found.Tainted:
		resp.Error = fmt.Errorf("%s is in the state but not tainted", c.addr)
		return
	}
	if want := c.wantID(); want != "" && found.AttributeValues["id"] != want {
		resp.Error = fmt.Errorf("%s in the state is %v, want %s", c.addr, found.AttributeValues["id"], want)
		return
	}
	replace := plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionReplace)
	replace.CheckPlan(ctx, req, resp)
}

// snapshotsWithStatus lists the emulator's snapshots in a status.
func snapshotsWithStatus(env *acctest.Env, status string) []string {
	var ids []string
	for _, s := range env.Emulator.Backend().Snapshots() {
		if strings.EqualFold(s.Status, status) {
			ids = append(ids, s.SnapshotId)
		}
	}
	return ids
}
