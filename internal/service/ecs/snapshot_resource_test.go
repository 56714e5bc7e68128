package ecs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
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

func (c *stubClient) TagResources(_ context.Context, _ string, _ []string, tags map[string]string) error {
	return c.tag(tags)
}

func (c *stubClient) UntagResources(_ context.Context, _ string, _ []string, keys []string) error {
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

func TestSnapshotResourceCreate_savesIDBeforeWaiting(t *testing.T) {
	describeErr := &client.APIError{Action: "DescribeSnapshots", Code: "InternalError", RequestID: "req-9"}
	client := &stubClient{t: t,
		create:   func(ecsclient.CreateSnapshotInput) (string, error) { return "s-new", nil },
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, describeErr },
	}
	r := framework.Configured(&snapshotResource{sleep: func(context.Context, time.Duration) error { return nil }}, connstest.ECS(t, client))
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

func TestSnapshotResourceCreate_errorLeavesNoState(t *testing.T) {
	client := &stubClient{t: t, create: func(ecsclient.CreateSnapshotInput) (string, error) {
		return "", &client.APIError{Action: "CreateSnapshot", Code: "InvalidDiskId.NotFound", RequestID: "req-1"}
	}}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
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

func TestSnapshotResourceUpdate_failingHalfwayKeepsWhatTheAPIHas(t *testing.T) {
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
			return &client.APIError{Action: "TagResources", Code: "QuotaExceed.Tags", RequestID: "req-2"}
		},
	}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
	s, typ := testSchemaObject(t)
	ctx := context.Background()

	state := flattenSnapshotResource(&ecsclient.Snapshot{SnapshotID: "s-1", SourceDiskID: "d-1", SnapshotName: "old", Status: "accomplished",
		Progress: 100, Tags: map[string]string{"a": "1"}}, snapshotResourceModel{snapshotCore: snapshotCore{Tags: types.MapNull(types.StringType)}})
	state.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes)
	plan := state
	plan.SnapshotName = types.StringValue("new")
	plan.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"b": types.StringValue("2")})
	plan.TagsAll = plan.Tags // as ModifyPlan plans it (tags.PlanAll)

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

func TestSnapshotResourceDelete_usedByDiskSaysSetForceDelete(t *testing.T) {
	for _, tc := range []struct {
		code, want string
	}{
		{codeSnapshotCreatedDisk, "force_delete has to be applied first, on its own"},
		{codeSnapshotCreatedImage, "Delete those images first"},
	} {
		client := &deleteStub{err: &client.APIError{Action: "DeleteSnapshot", Code: tc.code, RequestID: "req-3"}}
		r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
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

func TestSnapshotResourceRead_goneRemovesResource(t *testing.T) {
	client := &stubClient{t: t, describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, nil }}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
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

// A snapshot answered as being in another region than the provider's (an endpoint of another region) is refused,
// not read into the state; one of the provider's region is read.
func TestSnapshotResourceRead_anotherRegionRefused(t *testing.T) {
	region := "cn-shanghai"
	client := &stubClient{t: t, describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
		return []ecsclient.Snapshot{{SnapshotID: "s-1", RegionID: region, Status: statusAccomplished}}, nil
	}}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
	st := snapshotState(t, "s-1")
	resp := &resource.ReadResponse{State: st}
	r.Read(context.Background(), resource.ReadRequest{State: st}, resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "this provider is configured for region "+connstest.Region) {
		t.Fatalf("diagnostics %v, want the region refused", resp.Diagnostics)
	}

	region = connstest.Region
	resp = &resource.ReadResponse{State: st}
	r.Read(context.Background(), resource.ReadRequest{State: st}, resp)
	var status types.String
	resp.State.GetAttribute(context.Background(), path.Root("status"), &status)
	if resp.Diagnostics.HasError() || status.ValueString() != statusAccomplished {
		t.Fatalf("diagnostics %v, status %s", resp.Diagnostics, status)
	}
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

// snapshotState is the state Read and Delete receive for a snapshot with this ID.
func snapshotState(t *testing.T, id string) tfsdk.State {
	t.Helper()
	s, typ := testSchemaObject(t)
	st := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
	m := flattenSnapshotResource(&ecsclient.Snapshot{SnapshotID: id}, snapshotResourceModel{snapshotCore: snapshotCore{Tags: types.MapNull(types.StringType)}})
	m.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes)
	if d := st.Set(context.Background(), m); d.HasError() {
		t.Fatal(d)
	}
	return st
}

func resourceTags(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

func TestExpandCreateInput_everyArgument(t *testing.T) {
	plan := snapshotResourceModel{snapshotCore: snapshotCore{snapshotFields: snapshotFields{SnapshotName: types.StringValue("nightly"),
		Description:     types.StringValue("before upgrade"),
		RetentionDays:   types.Int64Value(7),
		ResourceGroupID: types.StringUnknown(),
	}, Tags: resourceTags("env", "prod", "team", "")},
		DiskID: types.StringValue("d-1"), /*not configured: computed*/
		snapshotDiskFields: snapshotDiskFields{
			Category:                   types.StringUnknown(),
			InstantAccess:              types.BoolValue(true),
			InstantAccessRetentionDays: types.Int64Value(3),
		},
	}
	got, diags := expandCreateInput(context.Background(), plan)
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := ecsclient.CreateSnapshotInput{
		DiskID: "d-1", SnapshotName: "nightly", Description: "before upgrade", RetentionDays: 7,
		InstantAccess: true, InstantAccessRetentionDays: 3,
		Tags: map[string]string{"env": "prod", "team": ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}

	minimal, _ := expandCreateInput(context.Background(), snapshotResourceModel{snapshotCore: snapshotCore{Tags: types.MapNull(types.StringType),
		snapshotFields: snapshotFields{SnapshotName: types.StringUnknown(), RetentionDays: types.Int64Unknown()},
	},
		DiskID:             types.StringValue("d-1"),
		snapshotDiskFields: snapshotDiskFields{InstantAccess: types.BoolUnknown()},
	})
	if d := cmp.Diff(ecsclient.CreateSnapshotInput{DiskID: "d-1"}, minimal); d != "" {
		t.Errorf("minimal plan sends more than the disk (-want +got)\n%s", d)
	}
}

func TestExpandModifyInput_onlyChangedValues(t *testing.T) {
	state := snapshotResourceModel{snapshotCore: snapshotCore{snapshotFields: snapshotFields{ID: types.StringValue("s-1"),
		SnapshotName:  types.StringValue("a1"),
		Description:   types.StringValue("old"),
		RetentionDays: types.Int64Value(7),
	}}}
	if in := expandModifyInput(state.ID.ValueString(), state.attributes(), state.attributes()); in != nil {
		t.Errorf("no change gave %+v", in)
	}

	plan := state
	plan.Description = types.StringValue("new")
	plan.RetentionDays = types.Int64Value(30)
	in := expandModifyInput(state.ID.ValueString(), plan.attributes(), state.attributes())
	if in == nil || in.SnapshotID != "s-1" || in.SnapshotName != nil || in.Description == nil || *in.Description != "new" ||
		in.RetentionDays == nil || *in.RetentionDays != 30 {
		t.Errorf("got %+v", in)
	}

	// Removed from the configuration (null or unknown in the plan): nothing to send, the API cannot clear.
	plan = state
	plan.Description = types.StringNull()
	plan.SnapshotName = types.StringUnknown()
	if in := expandModifyInput(state.ID.ValueString(), plan.attributes(), state.attributes()); in != nil {
		t.Errorf("null/unknown plan values gave %+v", in)
	}
}

func TestTagsDiff_cases(t *testing.T) {
	cases := []struct {
		name       string
		old, new   map[string]string
		wantSet    map[string]string
		wantRemove []string
	}{
		{"nothing", nil, nil, map[string]string{}, nil},
		{"add all", nil, map[string]string{"a": "1"}, map[string]string{"a": "1"}, nil},
		{"remove all", map[string]string{"b": "2", "a": "1"}, nil, map[string]string{}, []string{"a", "b"}},
		{"same", map[string]string{"a": "1"}, map[string]string{"a": "1"}, map[string]string{}, nil},
		{"change value", map[string]string{"a": "1"}, map[string]string{"a": "2"}, map[string]string{"a": "2"}, nil},
		{"value to empty", map[string]string{"a": "1"}, map[string]string{"a": ""}, map[string]string{"a": ""}, nil},
		{"mixed", map[string]string{"keep": "k", "drop": "d", "chg": "1"}, map[string]string{"keep": "k", "chg": "2", "add": "x"},
			map[string]string{"chg": "2", "add": "x"}, []string{"drop"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set, remove := tags.Diff(tc.old, tc.new)
			if d := cmp.Diff(tc.wantSet, set); d != "" {
				t.Errorf("set (-want +got)\n%s", d)
			}
			if !slices.Equal(tc.wantRemove, remove) {
				t.Errorf("remove %v, want %v", remove, tc.wantRemove)
			}
		})
	}
}

func apiSnapshot() *ecsclient.Snapshot {
	return &ecsclient.Snapshot{
		SnapshotID: "s-1", SnapshotName: "nightly", Description: "desc", Status: "accomplished", Progress: 100,
		CreationTime: time.Date(2024, 5, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		SourceDiskID: "d-1", SourceDiskSize: 40, SourceDiskType: "data", RetentionDays: 7, InstantAccess: false,
		Encrypted: true, KMSKeyID: "key-1", SnapshotType: "user", Usage: "none", RegionID: "cn-hangzhou",
		ResourceGroupID: "rg-1", Category: "standard", SnapshotSN: "sn-1", SnapshotLinkID: "sl-1",
		Tags: map[string]string{"env": "prod"},
	}
}

func TestFlattenSnapshotResource_everyFieldKeepingPriorArguments(t *testing.T) {
	prior := snapshotResourceModel{snapshotCore: snapshotCore{Tags: resourceTags("env", "prod")},
		DiskID:             types.StringValue("d-1"),
		snapshotDiskFields: snapshotDiskFields{Category: types.StringValue("Standard")},
		ForceDelete:        types.BoolValue(true),
	}
	got := flattenSnapshotResource(apiSnapshot(), prior)
	want := snapshotResourceModel{snapshotCore: snapshotCore{snapshotFields: snapshotFields{
		Status: types.StringValue("accomplished"), Progress: types.Int64Value(100), CreationTime: types.StringValue("2024-05-01T00:00:00Z"),
		SourceDiskSize: types.Int64Value(40), SourceDiskType: types.StringValue("data"), SnapshotType: types.StringValue("user"),
		Usage: types.StringValue("none"), RegionID: types.StringValue("cn-hangzhou"), SnapshotSN: types.StringValue("sn-1"),
		SnapshotLinkID:  types.StringValue("sl-1"),
		ID:              types.StringValue("s-1"),
		SnapshotName:    types.StringValue("nightly"),
		Description:     types.StringValue("desc"),
		RetentionDays:   types.Int64Value(7),
		ResourceGroupID: types.StringValue("rg-1"),
		Encrypted:       types.BoolValue(true),
		KMSKeyID:        types.StringValue("key-1"),
	},
		Tags:    resourceTags("env", "prod"),
		TagsAll: resourceTags("env", "prod"),
	},
		DiskID: types.StringValue("d-1"),
		snapshotDiskFields: snapshotDiskFields{
			Category:                   types.StringValue("Standard"),
			InstantAccess:              types.BoolValue(false),
			InstantAccessRetentionDays: types.Int64Null(),
		},
		ForceDelete: types.BoolValue(true),
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(snapshotResourceModel{}, snapshotCore{})); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestFlattenSnapshotResource_imported(t *testing.T) {
	// After import only the ID is known: the category as the API and the data source show it, force_delete false.
	s := apiSnapshot()
	s.Tags, s.RetentionDays, s.SnapshotName, s.Description = nil, 0, "", ""
	got := flattenSnapshotResource(s, snapshotResourceModel{snapshotCore: snapshotCore{
		snapshotFields: snapshotFields{ID: types.StringValue("s-1")}, Tags: types.MapNull(types.StringType),
	}})
	if got.Category.ValueString() != "standard" {
		t.Errorf("category %s, want standard", got.Category)
	}
	if !got.ForceDelete.Equal(types.BoolValue(false)) {
		t.Errorf("force_delete %s, want false", got.ForceDelete)
	}
	if !got.Tags.IsNull() || !got.RetentionDays.IsNull() || !got.SnapshotName.IsNull() || !got.Description.IsNull() {
		t.Errorf("unset values should be null: tags %s retention %s name %s description %s", got.Tags, got.RetentionDays, got.SnapshotName, got.Description)
	}
	if got.DiskID.ValueString() != "d-1" {
		t.Errorf("disk_id %s, want d-1", got.DiskID)
	}
}

func TestFlattenResourceTags_keepsEmptyMap(t *testing.T) {
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	if got := tags.FlattenResource(nil, empty); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("tags = {} in the configuration became %s", got)
	}
	if got := tags.FlattenResource(nil, types.MapNull(types.StringType)); !got.IsNull() {
		t.Errorf("no tags became %s", got)
	}
	if got := tags.FlattenResource(map[string]string{"a": "1"}, empty); !got.Equal(resourceTags("a", "1")) {
		t.Errorf("tags added outside Terraform: got %s", got)
	}
}

func TestFlattenCategory_cases(t *testing.T) {
	cases := []struct {
		api   string
		prior types.String
		want  types.String
	}{
		{"standard", types.StringValue("Standard"), types.StringValue("Standard")},
		{"standard", types.StringValue("STANDARD"), types.StringValue("STANDARD")},
		{"standard", types.StringNull(), types.StringValue("standard")},
		{"Standard", types.StringNull(), types.StringValue("standard")},
		{"flash", types.StringUnknown(), types.StringValue("flash")},
		{"Flash", types.StringValue("Standard"), types.StringValue("flash")}, // changed outside: the API wins
		{"archive", types.StringNull(), types.StringValue("archive")},
		{"", types.StringValue("Standard"), types.StringNull()},
	}
	for _, tc := range cases {
		if got := flattenCategory(tc.api, tc.prior); !got.Equal(tc.want) {
			t.Errorf("flattenCategory(%q, %s) = %s, want %s", tc.api, tc.prior, got, tc.want)
		}
	}
}

func TestNullUnknowns_setsUnknownsToNull(t *testing.T) {
	m := snapshotResourceModel{snapshotCore: snapshotCore{snapshotFields: snapshotFields{
		Status: types.StringUnknown(), Progress: types.Int64Unknown(),
		ID:            types.StringValue("s-1"),
		SnapshotName:  types.StringUnknown(),
		RetentionDays: types.Int64Unknown(),
		Encrypted:     types.BoolUnknown(),
	}, Tags: types.MapUnknown(types.StringType)},
		DiskID:             types.StringValue("d-1"),
		snapshotDiskFields: snapshotDiskFields{InstantAccess: types.BoolUnknown()},
		ForceDelete:        types.BoolValue(true),
	}
	m.nullUnknowns()
	if !m.SnapshotName.IsNull() || !m.RetentionDays.IsNull() || !m.InstantAccess.IsNull() || !m.Tags.IsNull() ||
		!m.Status.IsNull() || !m.Progress.IsNull() || !m.Encrypted.IsNull() {
		t.Errorf("unknowns left: %+v", m)
	}
	if m.ID.ValueString() != "s-1" || !m.ForceDelete.ValueBool() {
		t.Errorf("known values changed: %+v", m)
	}
}

func TestRetentionChangeProblem_cases(t *testing.T) {
	cases := []struct {
		prior, planned types.Int64
		wantProblem    bool
	}{
		{types.Int64Value(30), types.Int64Value(7), true},
		{types.Int64Value(30), types.Int64Value(30), false},
		{types.Int64Value(7), types.Int64Value(30), false},
		{types.Int64Null(), types.Int64Value(7), false},
		{types.Int64Value(30), types.Int64Null(), false},
		{types.Int64Value(30), types.Int64Unknown(), false},
	}
	for _, tc := range cases {
		msg := retentionChangeProblem(tc.prior, tc.planned)
		if (msg != "") != tc.wantProblem {
			t.Errorf("%s -> %s: problem %q, want problem = %v", tc.prior, tc.planned, msg, tc.wantProblem)
		}
	}
	if msg := retentionChangeProblem(types.Int64Value(30), types.Int64Value(7)); !containsAll(msg, "retention_days", "30", "7", "only extend") {
		t.Errorf("message %q should name the attribute, both values and the rule", msg)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// A DeleteSnapshot whose answer was lost after the API acted is retried, and the retry is told the snapshot
// does not exist: that is the goal reached, not an error.
func TestSnapshotResourceDelete_goneSnapshotSucceeds(t *testing.T) {
	client := &deleteStub{err: &client.APIError{Action: "DeleteSnapshot", Code: "InvalidSnapshotId.NotFound", HTTPStatus: 404, RequestID: "req-4", Attempts: 2}}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
	st := snapshotState(t, "s-gone")
	resp := &resource.DeleteResponse{State: st}
	r.Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("deleting a snapshot that is already gone: %v", resp.Diagnostics)
	}
}

// An interrupt (terraform stopped: the provider's context cancelled) while waiting for the snapshot must
// leave its ID in the state, so that Terraform keeps track of a snapshot that exists.
func TestSnapshotResourceCreate_cancelledMidWaitKeepsID(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var describes atomic.Int32
	client := &stubClient{t: t,
		create: func(ecsclient.CreateSnapshotInput) (string, error) { return "s-interrupted", nil },
		describe: func(in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
			describes.Add(1)
			return []ecsclient.Snapshot{{SnapshotID: "s-interrupted", SnapshotName: "interrupted", Status: statusProgressing, Progress: 40, RemainTime: 600}}, nil
		},
	}
	// The interrupt arrives after the first poll was answered: the wait has seen the snapshot progressing, then
	// its sleep ends with the cancellation.
	sleep := func(ctx context.Context, d time.Duration) error {
		if describes.Load() > 0 {
			cancel()
		}
		return wait.Context(ctx, d)
	}
	r := framework.Configured(&snapshotResource{sleep: sleep}, connstest.ECS(t, client))
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
func TestSnapshotResourceCreate_cancelledBeforeFirstPollKeepsID(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &stubClient{t: t,
		create: func(ecsclient.CreateSnapshotInput) (string, error) {
			cancel()
			return "s-early", nil
		},
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) { return nil, context.Canceled },
	}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
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

func runStringValidators(vs []validator.String, attrName, v string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, val := range vs {
		resp := &validator.StringResponse{}
		val.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root(attrName), ConfigValue: types.StringValue(v),
		}, resp)
		diags.Append(resp.Diagnostics...)
	}
	return diags
}

func TestSnapshotNameValidators_documentedRules(t *testing.T) {
	cases := []struct {
		name, value, wantRule string // wantRule "" = valid
	}{
		{"simple", "testSnapshotName", ""},
		{"all allowed characters", "a1:b_c-D", ""},
		{"shortest", "ab", ""},
		{"longest", "a" + strings.Repeat("b", 127), ""},
		{"non-ASCII letters", "快照-1", ""},
		{"Auto with capital is not the reserved prefix", "Automatic", ""},
		{"too short", "a", "be 2 to 128 characters long"},
		{"too long", "a" + strings.Repeat("b", 128), "be 2 to 128 characters long"},
		{"starts with digit", "1abc", "start with a letter"},
		{"starts with underscore", "_abc", "start with a letter"},
		{"reserved auto prefix", "auto-snap", `not start with "auto"`},
		{"http", "http://x", `not start with "http://" or "https://"`},
		{"https", "https://x", `not start with "http://" or "https://"`},
		{"space", "my snap", "contain only letters, digits"},
		{"dot", "my.snap", "contain only letters, digits"},
		{"slash", "a/b", "contain only letters, digits"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := runStringValidators(snapshotNameValidators(), "snapshot_name", tc.value)
			assertRule(t, diags, "snapshot_name", tc.value, tc.wantRule)
		})
	}
}

func TestSnapshotDescriptionValidators_documentedRules(t *testing.T) {
	cases := []struct{ name, value, wantRule string }{
		{"ok", "a description with spaces, dots. and / slashes", ""},
		{"contains http later", "see http://example.com", ""},
		{"shortest", "ab", ""},
		{"longest", strings.Repeat("x", 256), ""},
		{"too short", "x", "be 2 to 256 characters long"},
		{"too long", strings.Repeat("x", 257), "be 2 to 256 characters long"},
		{"http", "http://example.com", `not start with "http://" or "https://"`},
		{"https", "https://example.com", `not start with "http://" or "https://"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(snapshotDescriptionValidators(), "description", tc.value), "description", tc.value, tc.wantRule)
		})
	}
}

func TestTagKeyAndValueValidators_documentedRules(t *testing.T) {
	keys := []struct{ name, value, wantRule string }{
		{"ok", "env", ""},
		{"longest", strings.Repeat("k", 128), ""},
		{"acs inside is fine", "my-acs:key", ""},
		{"empty", "", "be 1 to 128 characters long"},
		{"too long", strings.Repeat("k", 129), "be 1 to 128 characters long"},
		{"aliyun prefix", "aliyun-env", `not start with "aliyun" or "acs:"`},
		{"acs prefix", "acs:env", `not start with "aliyun" or "acs:"`},
		{"http inside", "a-http://b", `not contain "http://" or "https://"`},
		{"https inside", "ahttps://b", `not contain "http://" or "https://"`},
	}
	for _, tc := range keys {
		t.Run("key "+tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(tags.KeyValidators(), "tags", tc.value), "tags", tc.value, tc.wantRule)
		})
	}
	values := []struct{ name, value, wantRule string }{
		{"ok", "prod", ""},
		{"empty is allowed", "", ""},
		{"aliyun prefix is allowed in values", "aliyun", ""},
		{"longest", strings.Repeat("v", 128), ""},
		{"too long", strings.Repeat("v", 129), "be 0 to 128 characters long"},
		{"acs prefix", "acs:prod", `not start with "acs:"`},
		{"http inside", "see http://x", `not contain "http://" or "https://"`},
	}
	for _, tc := range values {
		t.Run("value "+tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(tags.ValueValidators(), "tags", tc.value), "tags", tc.value, tc.wantRule)
		})
	}
}

func TestSnapshotTagsValidators_count(t *testing.T) {
	for _, n := range []int{20, 21} {
		elems := map[string]attr.Value{}
		for i := range n {
			elems[strings.Repeat("k", i+1)] = types.StringValue("v")
		}
		var diags diag.Diagnostics
		for _, v := range tags.MapValidators() {
			resp := &validator.MapResponse{}
			v.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("tags"), ConfigValue: types.MapValueMust(types.StringType, elems)}, resp)
			diags.Append(resp.Diagnostics...)
		}
		if got, want := diags.HasError(), n > tags.MaxTags; got != want {
			t.Errorf("%d tags: error = %v, want %v (%v)", n, got, want, diags)
		}
	}
}

// assertRule checks that the value passes (wantRule == "") or that exactly the broken rule is reported,
// with the attribute and the value in the message.
func assertRule(t *testing.T, diags diag.Diagnostics, attrName, value, wantRule string) {
	t.Helper()
	if wantRule == "" {
		if diags.HasError() {
			t.Fatalf("%q: unexpected error: %v", value, diags)
		}
		return
	}
	if !diags.HasError() {
		t.Fatalf("%q: no error, want one about %q", value, wantRule)
	}
	var found bool
	for _, d := range diags.Errors() {
		detail := d.Detail()
		if strings.Contains(detail, wantRule) {
			found = true
			if !strings.Contains(detail, attrName) {
				t.Errorf("message does not name the attribute %s: %s", attrName, detail)
			}
			if len(value) < 40 && !strings.Contains(detail, value) {
				t.Errorf("message does not show the value %q: %s", value, detail)
			}
		}
	}
	if !found {
		t.Errorf("%q: errors %v do not mention %q", value, diags, wantRule)
	}
}

// scriptedFinder answers one step of the script per call; a nil snapshot means "not found".
type scriptedFinder struct {
	steps []findStep
	calls int
}

type findStep struct {
	snap *ecsclient.Snapshot
	err  error
}

func (f *scriptedFinder) find(_ context.Context, id string, _ time.Duration) (*ecsclient.Snapshot, error) {
	if f.calls >= len(f.steps) {
		panic("finder called more often than scripted")
	}
	step := f.steps[f.calls]
	f.calls++
	if step.err != nil {
		return nil, step.err
	}
	if step.snap == nil {
		return nil, &wait.NotFoundError{Kind: "snapshot", ID: id}
	}
	return step.snap, nil
}

// fakeSleep records the requested delays and never waits; after failAfter sleeps it cancels (the timeout).
type fakeSleep struct {
	delays    []time.Duration
	failAfter int // 0 = never
	cancel    context.CancelFunc
}

func (s *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	s.delays = append(s.delays, d)
	if s.failAfter > 0 && len(s.delays) >= s.failAfter {
		s.cancel()
	}
	return ctx.Err()
}

func snap(status string, progress, remain int) *ecsclient.Snapshot {
	return &ecsclient.Snapshot{SnapshotID: "s-1", Status: status, Progress: progress, RemainTime: remain}
}

func TestWaitSnapshotCreated_cadenceFollowsRemainTime(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 0, 60)}, // 60s: capped at 30s
		{snap: snap(statusProgressing, 50, 12)},
		{snap: snap(statusProgressing, 90, 3)},
		{snap: snap(statusProgressing, 99, 0)}, // unknown remaining time: the minimum
		{snap: snap(statusAccomplished, 100, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != statusAccomplished {
		t.Errorf("status %q, want accomplished", got.Status)
	}
	want := []time.Duration{30 * time.Second, 12 * time.Second, 3 * time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotCreated_firstCheckIsImmediate(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusAccomplished, 100, 0)}}}
	s := &fakeSleep{}
	if _, err := waitSnapshotCreated(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	if len(s.delays) != 0 || f.calls != 1 {
		t.Errorf("slept %v before %d checks; want one check and no sleep", s.delays, f.calls)
	}
}

func TestWaitSnapshotCreated_failedEndsAtOnce(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 10, 20)},
		{snap: snap(statusFailed, 40, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") || !strings.Contains(err.Error(), "failed") {
		t.Fatalf("error %v, want one naming s-1 and failed", err)
	}
	if got == nil || got.Status != statusFailed {
		t.Errorf("snapshot %+v, want the failed one", got)
	}
	if len(s.delays) != 1 {
		t.Errorf("slept %d times, want 1 (no wait after failed)", len(s.delays))
	}
}

func TestWaitSnapshotCreated_timeoutReportsProgress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 10, 90)},
		{snap: snap(statusProgressing, 20, 80)},
	}}
	s := &fakeSleep{failAfter: 2, cancel: cancel}
	got, err := waitSnapshotCreated(ctx, f.find, nil, s.sleep, kindSnapshot, "s-1")
	if err == nil {
		t.Fatal("no error after the context ended")
	}
	for _, want := range []string{"s-1", "20%", "progressing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap the context's error", err)
	}
	if got == nil || got.Progress != 20 {
		t.Errorf("last snapshot %+v, want the one at 20%%", got)
	}
}

func TestWaitSnapshotCreated_toleratesBriefNotFound(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{}, {}, {snap: snap(statusAccomplished, 100, 0)}}}
	s := &fakeSleep{}
	if _, err := waitSnapshotCreated(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.delays, []time.Duration{wait.MinInterval, wait.MinInterval}) {
		t.Errorf("delays %v", s.delays)
	}
}

func TestWaitSnapshotCreated_givesUpWhenNeverFound(t *testing.T) {
	steps := make([]findStep, wait.NotFoundChecks+1)
	f := &scriptedFinder{steps: steps}
	_, err := waitSnapshotCreated(context.Background(), f.find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") {
		t.Fatalf("error %v, want one naming s-1", err)
	}
}

func TestWaitSnapshotCreated_disappeared(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusProgressing, 30, 10)}, {}}}
	_, err := waitSnapshotCreated(context.Background(), f.find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1")
	if err == nil || !strings.Contains(err.Error(), "disappeared") {
		t.Fatalf("error %v, want disappeared", err)
	}
}

func TestWaitSnapshotCreated_apiError(t *testing.T) {
	apiErr := &client.APIError{Action: "DescribeSnapshots", Code: "Forbidden.RAM", Message: "no", RequestID: "req-1"}
	f := &scriptedFinder{steps: []findStep{{err: apiErr}}}
	_, err := waitSnapshotCreated(context.Background(), f.find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1")
	if !client.IsCode(err, "Forbidden.RAM") || !strings.Contains(err.Error(), "req-1") {
		t.Fatalf("error %v, want the API error with its request ID", err)
	}
}

func throttled(n int) findStep {
	return findStep{err: &client.APIError{Action: "DescribeSnapshots", Code: "Throttling.User", HTTPStatus: 400, RequestID: fmt.Sprint("req-", n)}}
}

func TestWaitSnapshotCreated_ridesOutThrottling(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		throttled(1), throttled(2), // the client's own retries used up twice: the wait goes on, backing off
		{snap: snap(statusProgressing, 0, 5)},
		throttled(3), // the count starts again after a good check
		{snap: snap(statusAccomplished, 100, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1")
	if err != nil || got.Status != statusAccomplished {
		t.Fatalf("got %+v, %v; want accomplished without error", got, err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotCreated_givesUpOnLastingThrottling(t *testing.T) {
	steps := []findStep{{snap: snap(statusProgressing, 10, 5)}}
	for i := range wait.TransientFailures + 1 {
		steps = append(steps, throttled(i))
	}
	f := &scriptedFinder{steps: steps}
	got, err := waitSnapshotCreated(context.Background(), f.find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1")
	if !client.IsThrottling(err) || !strings.Contains(err.Error(), "s-1") {
		t.Fatalf("error %v, want the throttling error naming s-1", err)
	}
	if got == nil || got.Progress != 10 {
		t.Errorf("last snapshot %+v, want the one at 10%%", got)
	}
	if f.calls != wait.TransientFailures+2 {
		t.Errorf("%d checks, want %d", f.calls, wait.TransientFailures+2)
	}
}

func TestWaitSnapshotDeleted_ridesOutThrottling(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{throttled(1), {snap: snap(statusAccomplished, 100, 0)}, throttled(2), {}}}
	s := &fakeSleep{}
	if err := waitSnapshotDeleted(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotDeleted_backsOff(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{},
	}}
	s := &fakeSleep{}
	if err := waitSnapshotDeleted(context.Background(), f.find, nil, s.sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotDeleted_timeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusAccomplished, 100, 0)}}}
	err := waitSnapshotDeleted(ctx, f.find, nil, (&fakeSleep{failAfter: 1, cancel: cancel}).sleep, kindSnapshot, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") || !strings.Contains(err.Error(), "deleted") {
		t.Fatalf("error %v", err)
	}
}

// fakeClient answers DescribeSnapshots from a list; the other calls are not used by findSnapshotByID.
type fakeClient struct {
	ecsclient.Client
	snapshots []ecsclient.Snapshot
	gotInput  ecsclient.DescribeSnapshotsInput
}

func (c *fakeClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.gotInput = in
	return c.snapshots, nil
}

func TestFindSnapshotByID_asksForTheIDAndTellsNotFound(t *testing.T) {
	c := &fakeClient{snapshots: []ecsclient.Snapshot{{SnapshotID: "s-other"}, {SnapshotID: "s-1", Status: "accomplished"}}}
	s, err := findSnapshotByID(context.Background(), connstest.ECS(t, c), "s-1", 0)
	if err != nil || s.SnapshotID != "s-1" {
		t.Fatalf("got %+v, %v", s, err)
	}
	if len(c.gotInput.SnapshotIDs) != 1 || c.gotInput.SnapshotIDs[0] != "s-1" {
		t.Errorf("asked for %v, want [s-1]", c.gotInput.SnapshotIDs)
	}
	_, err = findSnapshotByID(context.Background(), connstest.ECS(t, c), "s-missing", 0)
	if !wait.IsNotFound(err) {
		t.Errorf("missing snapshot: error %v, want not found", err)
	}
}

// The first check after a create may wait for company (firstCreateCheckSlack) and the first after a delete
// goes at once; the later checks, aimed at a time, wait at most pollSlack.
func TestWaitChecks_slack(t *testing.T) {
	var slacks []time.Duration
	steps := []findStep{{snap: snap(statusProgressing, 0, 5)}, {snap: snap(statusAccomplished, 100, 0)}}
	find := func(ctx context.Context, id string, slack time.Duration) (*ecsclient.Snapshot, error) {
		slacks = append(slacks, slack)
		return (&scriptedFinder{steps: steps[len(slacks)-1:]}).find(ctx, id, slack)
	}
	if _, err := waitSnapshotCreated(context.Background(), find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{wait.FirstCreateSlack, wait.Slack}; !slices.Equal(slacks, want) {
		t.Errorf("create wait slacks %v, want %v", slacks, want)
	}
	slacks, steps = nil, []findStep{{snap: snap(statusAccomplished, 100, 0)}, {}}
	if err := waitSnapshotDeleted(context.Background(), find, nil, (&fakeSleep{}).sleep, kindSnapshot, "s-1"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{wait.FirstDeleteSlack, wait.Slack}; !slices.Equal(slacks, want) {
		t.Errorf("delete wait slacks %v, want %v", slacks, want)
	}
}
