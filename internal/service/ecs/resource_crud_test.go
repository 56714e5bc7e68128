package ecs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// stubClient answers each call with what the test set; calls not set fail the test.
type stubClient struct {
	ecsclient.Client
	t        *testing.T
	create   func(ecsclient.CreateSnapshotInput) (string, error)
	describe func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error)
	modify   func(ecsclient.ModifySnapshotAttributeInput) error
	tag      func(map[string]string) error
	untag    func([]string) error
}

func (c *stubClient) CreateSnapshot(_ context.Context, in ecsclient.CreateSnapshotInput) (string, error) {
	return c.create(in)
}

func (c *stubClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	return c.describe(in)
}

func (c *stubClient) ModifySnapshotAttribute(_ context.Context, in ecsclient.ModifySnapshotAttributeInput) error {
	return c.modify(in)
}

func (c *stubClient) TagResources(_ context.Context, _ []string, tags map[string]string) error {
	return c.tag(tags)
}

func (c *stubClient) UntagResources(_ context.Context, _ []string, keys []string) error {
	return c.untag(keys)
}

func testSchemaObject(t *testing.T) (resource.SchemaResponse, tftypes.Object) {
	t.Helper()
	var resp resource.SchemaResponse
	NewSnapshotResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("resource schema is not an object")
	}
	return resp, typ
}

// planValue is a planned object: the given values, unknown for computed attributes not given, null otherwise.
func planValue(t *testing.T, values map[string]tftypes.Value) (resource.SchemaResponse, tftypes.Value) {
	t.Helper()
	s, typ := testSchemaObject(t)
	vals := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		switch v, ok := values[name]; {
		case ok:
			vals[name] = v
		case s.Schema.Attributes[name] != nil && s.Schema.Attributes[name].IsComputed():
			vals[name] = tftypes.NewValue(attrType, tftypes.UnknownValue)
		default:
			vals[name] = tftypes.NewValue(attrType, nil)
		}
	}
	return s, tftypes.NewValue(typ, vals)
}

func TestCreateSavesIDBeforeWaiting(t *testing.T) {
	describeErr := &ecsclient.APIError{Action: "DescribeSnapshots", Code: "InternalError", RequestID: "req-9"}
	client := &stubClient{t: t,
		create:   func(ecsclient.CreateSnapshotInput) (string, error) { return "s-new", nil },
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, describeErr },
	}
	r := &snapshotResource{client: client, sleep: func(context.Context, time.Duration) error { return nil }}
	s, plan := planValue(t, map[string]tftypes.Value{
		"disk_id":      tftypes.NewValue(tftypes.String, "d-1"),
		"force_delete": tftypes.NewValue(tftypes.Bool, true),
	})
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
	r.Create(context.Background(), resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)

	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "req-9") {
		t.Fatalf("want the wait's error, got %v", resp.Diagnostics)
	}
	var id types.String
	var force types.Bool
	resp.State.GetAttribute(context.Background(), path.Root("id"), &id)
	resp.State.GetAttribute(context.Background(), path.Root("force_delete"), &force)
	if id.ValueString() != "s-new" || !force.ValueBool() {
		t.Fatalf("state after a failed wait: id %s, force_delete %s; want s-new and true", id, force)
	}
	if !resp.State.Raw.IsFullyKnown() {
		t.Error("the saved state holds unknown values")
	}
}

func TestCreateErrorLeavesNoState(t *testing.T) {
	client := &stubClient{t: t, create: func(ecsclient.CreateSnapshotInput) (string, error) {
		return "", &ecsclient.APIError{Action: "CreateSnapshot", Code: "InvalidDiskId.NotFound", RequestID: "req-1"}
	}}
	r := &snapshotResource{client: client, sleep: sleepContext}
	s, plan := planValue(t, map[string]tftypes.Value{"disk_id": tftypes.NewValue(tftypes.String, "d-gone")})
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
	r.Create(context.Background(), resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)
	if !resp.Diagnostics.HasError() || !resp.State.Raw.IsNull() {
		t.Fatalf("diagnostics %v, state %v", resp.Diagnostics, resp.State.Raw)
	}
	if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, "d-gone") || !strings.Contains(d, "InvalidDiskId.NotFound") || !strings.Contains(d, "req-1") {
		t.Errorf("detail %q should name the disk, the code and the request ID", d)
	}
}

func TestUpdateFailingHalfwayKeepsWhatTheAPIHas(t *testing.T) {
	current := ecsclient.Snapshot{SnapshotID: "s-1", SourceDiskID: "d-1", SnapshotName: "old", Status: "accomplished", Progress: 100,
		Tags: map[string]string{"a": "1"}}
	client := &stubClient{t: t,
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
			return []ecsclient.Snapshot{current}, nil
		},
		modify: func(in ecsclient.ModifySnapshotAttributeInput) error {
			current.SnapshotName = *in.SnapshotName
			return nil
		},
		untag: func([]string) error { return nil },
		tag: func(map[string]string) error {
			return &ecsclient.APIError{Action: "TagResources", Code: "QuotaExceed.Tags", RequestID: "req-2"}
		},
	}
	r := &snapshotResource{client: client, sleep: sleepContext}
	s, typ := testSchemaObject(t)
	ctx := context.Background()

	state := flattenSnapshotResource(&ecsclient.Snapshot{SnapshotID: "s-1", SourceDiskID: "d-1", SnapshotName: "old", Status: "accomplished",
		Progress: 100, Tags: map[string]string{"a": "1"}}, snapshotResourceModel{Tags: types.MapNull(types.StringType)})
	state.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes)
	plan := state
	plan.SnapshotName = types.StringValue("new")
	plan.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"b": types.StringValue("2")})

	stateData := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
	planData := tfsdk.Plan{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
	if d := stateData.Set(ctx, state); d.HasError() {
		t.Fatal(d)
	}
	if d := planData.Set(ctx, plan); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.UpdateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}}
	r.Update(ctx, resource.UpdateRequest{Plan: planData, State: stateData}, resp)

	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "QuotaExceed.Tags") {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
	var name types.String
	resp.State.GetAttribute(ctx, path.Root("snapshot_name"), &name)
	if name.ValueString() != "new" {
		t.Errorf("state name %s: the rename that succeeded should be recorded", name)
	}
}

func TestDeleteUsedByDiskSaysSetForceDelete(t *testing.T) {
	for _, tc := range []struct {
		code, want string
	}{
		{codeSnapshotCreatedDisk, "force_delete = true"},
		{codeSnapshotCreatedImage, "Delete those images first"},
	} {
		client := &deleteStub{err: &ecsclient.APIError{Action: "DeleteSnapshot", Code: tc.code, RequestID: "req-3"}}
		r := &snapshotResource{client: client, sleep: sleepContext}
		st := snapshotState(t, "s-1")
		resp := &resource.DeleteResponse{State: st}
		r.Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
		if !resp.Diagnostics.HasError() {
			t.Fatalf("%s: no error", tc.code)
		}
		d := resp.Diagnostics.Errors()[0].Detail()
		if !strings.Contains(d, tc.want) || !strings.Contains(d, "s-1") || !strings.Contains(d, "req-3") {
			t.Errorf("%s: detail %q", tc.code, d)
		}
		if client.force {
			t.Errorf("%s: deleted with force although force_delete is false", tc.code)
		}
	}
}

type deleteStub struct {
	ecsclient.Client
	err   error
	force bool
}

func (c *deleteStub) DeleteSnapshot(_ context.Context, _ string, force bool) error {
	c.force = force
	return c.err
}

func TestReadGoneRemovesResource(t *testing.T) {
	client := &stubClient{t: t, describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, nil }}
	r := &snapshotResource{client: client, sleep: sleepContext}
	st := snapshotState(t, "s-1")
	resp := &resource.ReadResponse{State: st}
	r.Read(context.Background(), resource.ReadRequest{State: st}, resp)
	if resp.Diagnostics.HasError() || !resp.State.Raw.IsNull() {
		t.Fatalf("diagnostics %v; state null = %v, want removed without error", resp.Diagnostics, resp.State.Raw.IsNull())
	}

	client.describe = func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
		return nil, errors.New("boom")
	}
	resp = &resource.ReadResponse{State: st}
	r.Read(context.Background(), resource.ReadRequest{State: st}, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("an API error must not remove the resource silently")
	}
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

// snapshotState is the state Read and Delete receive for a snapshot with this ID.
func snapshotState(t *testing.T, id string) tfsdk.State {
	t.Helper()
	s, typ := testSchemaObject(t)
	st := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
	m := flattenSnapshotResource(&ecsclient.Snapshot{SnapshotID: id}, snapshotResourceModel{Tags: types.MapNull(types.StringType)})
	m.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes)
	if d := st.Set(context.Background(), m); d.HasError() {
		t.Fatal(d)
	}
	return st
}
