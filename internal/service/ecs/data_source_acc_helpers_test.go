package ecs_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// dsClock is the emulator backend's clock in the data source tests: creation times, and so the
// creation_*_time filters and the order of results, are then exact.
type dsClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *dsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *dsClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// dsSeededEnv is an emulator whose backend runs on clock, with snapshots accomplished at once, and the
// provider pointed at it. The tests seed snapshots through the backend, which only the emulator allows.
func dsSeededEnv(t *testing.T, clock *dsClock) *acctest.Env {
	t.Helper()
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("seeds snapshots through the emulator's backend; skipped against the real cloud")
	}
	return acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1, Now: clock.Now})
}

// dsSeedSnapshot makes a snapshot through the backend and fails the test if the backend refuses.
func dsSeedSnapshot(t *testing.T, b *backend.Backend, in backend.CreateSnapshotInput) string {
	t.Helper()
	in.RegionID = b.Region()
	out, err := b.CreateSnapshot(in)
	if err != nil {
		t.Fatalf("seeding a snapshot of %s: %v", in.DiskID, err)
	}
	return out.SnapshotId
}

// dsConfig renders one aliecs_snapshots block per name, in name order, after the provider block.
func dsConfig(env *acctest.Env, blocks map[string]string) string {
	names := make([]string, 0, len(blocks))
	for n := range blocks {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(env.ProviderConfig())
	for _, n := range names {
		fmt.Fprintf(&b, "\ndata \"aliecs_snapshots\" %q {\n%s\n}\n", n, blocks[n])
	}
	return b.String()
}

// dsExpectIDs checks both outputs that list what was found: ids (in order) and total_count.
func dsExpectIDs(name string, ids ...string) []statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	addr := "data.aliecs_snapshots." + name
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact(checks)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(ids)))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("snapshots"), knownvalue.ListSizeExact(len(ids))),
	}
}

// dsHCLList renders strings as an HCL list.
func dsHCLList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
