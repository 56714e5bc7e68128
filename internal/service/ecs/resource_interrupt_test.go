package ecs

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// An interrupt (terraform stopped: the provider's context cancelled) while waiting for the snapshot must
// leave its ID in the state, so that Terraform keeps track of a snapshot that exists.
func TestCreateCancelledMidWaitKeepsID(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var describes atomic.Int32
	client := &stubClient{t: t,
		create: func(ecsclient.CreateSnapshotInput) (string, error) { return "s-interrupted", nil },
		describe: func(in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
			// The interrupt arrives while the first poll is answered: the wait sees the snapshot progressing,
			// then its sleep ends with the cancellation.
			describes.Add(1)
			cancel()
			return []ecsclient.Snapshot{{SnapshotID: "s-interrupted", SnapshotName: "interrupted", Status: statusProgressing, Progress: 40, RemainTime: 600}}, nil
		},
	}
	r := &snapshotResource{client: client, sleep: sleepContext}
	s, plan := planValue(t, map[string]tftypes.Value{
		"disk_id":       tftypes.NewValue(tftypes.String, "d-1"),
		"snapshot_name": tftypes.NewValue(tftypes.String, "interrupted"),
	})
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
	r.Create(ctx, resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)

	if !resp.Diagnostics.HasError() {
		t.Fatal("a cancelled wait must be an error, so that Terraform taints the snapshot")
	}
	if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, "cancelled waiting for snapshot s-interrupted") ||
		!strings.Contains(d, "progressing at 40%") {
		t.Errorf("detail %q should say the wait was cancelled, for which snapshot and how far it got", d)
	}
	if n := describes.Load(); n != 1 {
		t.Errorf("%d DescribeSnapshots calls, want 1: the wait must stop at the interrupt", n)
	}
	var id, status, name types.String
	resp.State.GetAttribute(context.Background(), path.Root("id"), &id)
	resp.State.GetAttribute(context.Background(), path.Root("status"), &status)
	resp.State.GetAttribute(context.Background(), path.Root("snapshot_name"), &name)
	if id.ValueString() != "s-interrupted" || status.ValueString() != statusProgressing || name.ValueString() != "interrupted" {
		t.Fatalf("state after the interrupt: id %s, status %s, snapshot_name %s; want s-interrupted, progressing, interrupted", id, status, name)
	}
	if !resp.State.Raw.IsFullyKnown() {
		t.Error("the saved state holds unknown values")
	}
}

// A cancellation that arrives before the first poll must keep the ID too.
func TestCreateCancelledBeforeFirstPollKeepsID(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &stubClient{t: t,
		create: func(ecsclient.CreateSnapshotInput) (string, error) {
			cancel()
			return "s-early", nil
		},
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, context.Canceled },
	}
	r := &snapshotResource{client: client, sleep: sleepContext}
	s, plan := planValue(t, map[string]tftypes.Value{"disk_id": tftypes.NewValue(tftypes.String, "d-1")})
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
	r.Create(ctx, resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)

	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "cancelled waiting for snapshot s-early") {
		t.Fatalf("want the cancelled wait's error, got %v", resp.Diagnostics)
	}
	var id types.String
	resp.State.GetAttribute(context.Background(), path.Root("id"), &id)
	if id.ValueString() != "s-early" {
		t.Fatalf("state id %s, want s-early", id)
	}
}
