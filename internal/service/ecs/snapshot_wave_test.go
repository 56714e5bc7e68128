package ecs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// waveClient is a wave of n creates or deletes, all in flight at once: the one of the snapshot named first (made
// of disk "d-"+first for a create) answers once every call of the wave has arrived, the others when release is
// closed. It records the IDs of each DescribeSnapshots call and answers each snapshot accomplished, or none for
// a wave of deletes.
type waveClient struct {
	ecsclient.Client
	first   string
	n       int
	deleted bool
	release chan struct{}

	mu        sync.Mutex
	arrived   int
	all       chan struct{}
	describes [][]string
}

func newWaveClient(ids []string, deleted bool) *waveClient {
	return &waveClient{first: ids[0], n: len(ids), deleted: deleted, release: make(chan struct{}), all: make(chan struct{})}
}

func (c *waveClient) hold(id string) {
	c.mu.Lock()
	c.arrived++
	if c.arrived == c.n {
		close(c.all)
	}
	c.mu.Unlock()
	if id == c.first {
		<-c.all
		return
	}
	<-c.release
}

func (c *waveClient) CreateSnapshot(_ context.Context, in ecsclient.CreateSnapshotInput) (string, error) {
	id := strings.TrimPrefix(in.DiskID, "d-")
	c.hold(id)
	return id, nil
}

func (c *waveClient) DeleteSnapshot(_ context.Context, id string, _ bool) error {
	c.hold(id)
	return nil
}

func (c *waveClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.describes = append(c.describes, slices.Sorted(slices.Values(in.SnapshotIDs)))
	if c.deleted {
		return nil, nil
	}
	var out []ecsclient.Snapshot
	for _, id := range in.SnapshotIDs {
		out = append(out, ecsclient.Snapshot{SnapshotID: id, SourceDiskID: "d-" + id, Status: statusAccomplished,
			Progress: 100, RegionID: connstest.Region})
	}
	return out, nil
}

// waveIDs are the snapshots of a wave of n operations.
func waveIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("s-%d", i)
	}
	return ids
}

// runWave runs the operation prepare makes for each snapshot of c's wave (prepared in the test's goroutine, which
// may fail the test) at once, each in a goroutine of its own; once the first has answered and the others are in
// flight, it lets them answer slack plus 35 ms later (past the first check's slack, within its hold), then checks
// that the wave's first checks shared one DescribeSnapshots call.
func runWave(t *testing.T, c *waveClient, ids []string, slack time.Duration, prepare func(id string) func() diag.Diagnostics) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		op := prepare(id)
		wg.Go(func() {
			if diags := op(); diags.HasError() {
				errs <- fmt.Errorf("%s: %v", id, diags)
			}
		})
	}
	<-c.all // the first call has answered and its check is gathering; the others are in flight
	time.Sleep(slack + 35*time.Millisecond)
	close(c.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if want := [][]string{ids}; !slices.EqualFunc(c.describes, want, slices.Equal) {
		t.Errorf("DescribeSnapshots calls %v, want one call for the whole wave %v", c.describes, want)
	}
}

// The creates terraform starts together share the wait's first check even when their calls answer further apart
// than that check's slack (wait.FirstCreateSlack): a create in flight announces its check, and the check already
// gathering holds for it (batch.Batcher.Announce).
func TestSnapshotResourceCreate_waveSharesItsFirstCheck(t *testing.T) {
	ids := waveIDs(5)
	c := newWaveClient(ids, false)
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, c))
	runWave(t, c, ids, wait.FirstCreateSlack, func(id string) func() diag.Diagnostics {
		s, plan := planValue(t, map[string]tftypes.Value{"disk_id": tftypes.NewValue(tftypes.String, "d-"+id)})
		return func() diag.Diagnostics {
			resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
			r.Create(context.Background(), resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)
			return resp.Diagnostics
		}
	})
}

// The deletes terraform starts together share the first "is it gone" check in the same way (wait.FirstDeleteSlack).
func TestSnapshotResourceDelete_waveSharesItsFirstCheck(t *testing.T) {
	ids := waveIDs(5)
	c := newWaveClient(ids, true)
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, c))
	runWave(t, c, ids, wait.FirstDeleteSlack, func(id string) func() diag.Diagnostics {
		st := snapshotState(t, id)
		return func() diag.Diagnostics {
			resp := &resource.DeleteResponse{State: st}
			r.Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
			return resp.Diagnostics
		}
	})
}
