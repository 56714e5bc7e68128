package ecs

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

func resourceTags(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

func TestExpandCreateInput(t *testing.T) {
	plan := snapshotResourceModel{
		DiskID:                     types.StringValue("d-1"),
		SnapshotName:               types.StringValue("nightly"),
		Description:                types.StringValue("before upgrade"),
		RetentionDays:              types.Int64Value(7),
		Tags:                       resourceTags("env", "prod", "team", ""),
		ResourceGroupID:            types.StringUnknown(), // not configured: computed
		Category:                   types.StringUnknown(),
		InstantAccess:              types.BoolValue(true),
		InstantAccessRetentionDays: types.Int64Value(3),
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

	minimal, _ := expandCreateInput(context.Background(), snapshotResourceModel{
		DiskID: types.StringValue("d-1"), Tags: types.MapNull(types.StringType), SnapshotName: types.StringUnknown(),
		RetentionDays: types.Int64Unknown(), InstantAccess: types.BoolUnknown(),
	})
	if d := cmp.Diff(ecsclient.CreateSnapshotInput{DiskID: "d-1"}, minimal); d != "" {
		t.Errorf("minimal plan sends more than the disk (-want +got)\n%s", d)
	}
}

func TestExpandModifyInput(t *testing.T) {
	state := snapshotResourceModel{
		ID: types.StringValue("s-1"), SnapshotName: types.StringValue("a1"), Description: types.StringValue("old"),
		RetentionDays: types.Int64Value(7),
	}
	if in := expandModifyInput(state, state); in != nil {
		t.Errorf("no change gave %+v", in)
	}

	plan := state
	plan.Description = types.StringValue("new")
	plan.RetentionDays = types.Int64Value(30)
	in := expandModifyInput(plan, state)
	if in == nil || in.SnapshotID != "s-1" || in.SnapshotName != nil || in.Description == nil || *in.Description != "new" ||
		in.RetentionDays == nil || *in.RetentionDays != 30 {
		t.Errorf("got %+v", in)
	}

	// Removed from the configuration (null or unknown in the plan): nothing to send, the API cannot clear.
	plan = state
	plan.Description = types.StringNull()
	plan.SnapshotName = types.StringUnknown()
	if in := expandModifyInput(plan, state); in != nil {
		t.Errorf("null/unknown plan values gave %+v", in)
	}
}

func TestTagsDiff(t *testing.T) {
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
			set, remove := tagsDiff(tc.old, tc.new)
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

func TestFlattenSnapshotResource(t *testing.T) {
	prior := snapshotResourceModel{
		DiskID: types.StringValue("d-1"), Category: types.StringValue("Standard"), ForceDelete: types.BoolValue(true),
		Tags: resourceTags("env", "prod"),
	}
	got := flattenSnapshotResource(apiSnapshot(), prior)
	want := snapshotResourceModel{
		ID: types.StringValue("s-1"), DiskID: types.StringValue("d-1"), SnapshotName: types.StringValue("nightly"),
		Description: types.StringValue("desc"), RetentionDays: types.Int64Value(7), Tags: resourceTags("env", "prod"),
		ResourceGroupID: types.StringValue("rg-1"), Category: types.StringValue("Standard"), InstantAccess: types.BoolValue(false),
		InstantAccessRetentionDays: types.Int64Null(), ForceDelete: types.BoolValue(true),
		Status: types.StringValue("accomplished"), Progress: types.Int64Value(100), CreationTime: types.StringValue("2024-05-01T00:00:00Z"),
		SourceDiskSize: types.Int64Value(40), SourceDiskType: types.StringValue("data"), Encrypted: types.BoolValue(true),
		KMSKeyID: types.StringValue("key-1"), SnapshotType: types.StringValue("user"), Usage: types.StringValue("none"),
		RegionID: types.StringValue("cn-hangzhou"), SnapshotSN: types.StringValue("sn-1"), SnapshotLinkID: types.StringValue("sl-1"),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestFlattenSnapshotResourceImported(t *testing.T) {
	// After import only the ID is known: the documented spelling of the category, force_delete false.
	s := apiSnapshot()
	s.Tags, s.RetentionDays, s.SnapshotName, s.Description = nil, 0, "", ""
	got := flattenSnapshotResource(s, snapshotResourceModel{ID: types.StringValue("s-1"), Tags: types.MapNull(types.StringType)})
	if got.Category.ValueString() != "Standard" {
		t.Errorf("category %s, want Standard", got.Category)
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

func TestFlattenResourceTagsKeepsEmptyMap(t *testing.T) {
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	if got := flattenResourceTags(nil, empty); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("tags = {} in the configuration became %s", got)
	}
	if got := flattenResourceTags(nil, types.MapNull(types.StringType)); !got.IsNull() {
		t.Errorf("no tags became %s", got)
	}
	if got := flattenResourceTags(map[string]string{"a": "1"}, empty); !got.Equal(resourceTags("a", "1")) {
		t.Errorf("tags added outside Terraform: got %s", got)
	}
}

func TestFlattenCategory(t *testing.T) {
	cases := []struct {
		api   string
		prior types.String
		want  types.String
	}{
		{"standard", types.StringValue("Standard"), types.StringValue("Standard")},
		{"standard", types.StringNull(), types.StringValue("Standard")},
		{"flash", types.StringUnknown(), types.StringValue("Flash")},
		{"Flash", types.StringValue("Standard"), types.StringValue("Flash")}, // changed outside: the API wins
		{"archive", types.StringNull(), types.StringValue("archive")},
		{"", types.StringValue("Standard"), types.StringNull()},
	}
	for _, tc := range cases {
		if got := flattenCategory(tc.api, tc.prior); !got.Equal(tc.want) {
			t.Errorf("flattenCategory(%q, %s) = %s, want %s", tc.api, tc.prior, got, tc.want)
		}
	}
}

func TestNullUnknowns(t *testing.T) {
	m := snapshotResourceModel{
		ID: types.StringValue("s-1"), DiskID: types.StringValue("d-1"), SnapshotName: types.StringUnknown(),
		RetentionDays: types.Int64Unknown(), InstantAccess: types.BoolUnknown(), Tags: types.MapUnknown(types.StringType),
		Status: types.StringUnknown(), Progress: types.Int64Unknown(), Encrypted: types.BoolUnknown(),
		ForceDelete: types.BoolValue(true),
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

func TestRetentionChangeProblem(t *testing.T) {
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
