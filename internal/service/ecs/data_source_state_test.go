package ecs

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// setSnapshotsList must write exactly what the framework's State.Set writes for the same models.
func TestSetSnapshotsList_sameAsFrameworkReflection(t *testing.T) {
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	in := []ecsclient.Snapshot{fullSnapshot(), {SnapshotID: "s-bare"}, {SnapshotID: "s-tagged", Tags: map[string]string{"a": "1"}}}
	// The reference: the models the framework's reflection would write, one flattenSnapshot each, in order.
	models := make([]snapshotModel, 0, len(in))
	for _, snap := range in {
		models = append(models, flattenSnapshot(snap))
	}
	ids, names := flattenIDsAndNames(in)
	m := snapshotsDataSourceModel{
		ID: types.StringValue("q"), IDs: ids, Names: names, TotalCount: types.Int64Value(int64(len(in))),
		Tags: types.MapNull(types.StringType),
	}

	viaReflection := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m.Snapshots = models
	if d := viaReflection.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}

	direct := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m.Snapshots = []snapshotModel{}
	if d := direct.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if err := setSnapshotsList(ctx, &direct, in); err != nil {
		t.Fatal(err)
	}
	if !direct.Raw.Equal(viaReflection.Raw) {
		diffs, _ := direct.Raw.Diff(viaReflection.Raw)
		t.Errorf("states differ: %v", diffs)
	}
}

func TestSetSnapshotsList_empty(t *testing.T) {
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := snapshotsDataSourceModel{Snapshots: []snapshotModel{}, Tags: types.MapNull(types.StringType),
		IDs: types.ListValueMust(types.StringType, nil), Names: types.ListValueMust(types.StringType, nil)}
	if d := st.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if err := setSnapshotsList(ctx, &st, nil); err != nil {
		t.Fatal(err)
	}
	var got snapshotsDataSourceModel
	if d := st.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if got.Snapshots == nil || len(got.Snapshots) != 0 {
		t.Errorf("snapshots %#v, want an empty list (not null)", got.Snapshots)
	}
}
