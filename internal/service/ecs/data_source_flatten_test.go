package ecs

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// fullSnapshot has a distinct, non-zero value in every field, so a field mapped to the wrong attribute shows.
func fullSnapshot() ecsclient.Snapshot {
	return ecsclient.Snapshot{
		SnapshotID:                 "s-full",
		SnapshotName:               "full-name",
		Description:                "full description",
		Status:                     "accomplished",
		Progress:                   100,
		RemainTime:                 7,
		CreationTime:               time.Date(2024, 5, 1, 8, 0, 30, 0, time.UTC),
		LastModifiedTime:           time.Date(2024, 5, 2, 9, 1, 0, 0, time.FixedZone("CST", 8*3600)),
		SourceDiskID:               "d-source",
		SourceDiskSize:             40,
		SourceDiskType:             "data",
		SourceStorageType:          "disk",
		RetentionDays:              30,
		InstantAccess:              true,
		InstantAccessRetentionDays: 3,
		Available:                  true,
		Encrypted:                  true,
		SnapshotType:               "user",
		Usage:                      "image",
		RegionID:                   "cn-hangzhou",
		ResourceGroupID:            "rg-full",
		Category:                   "standard",
		KMSKeyID:                   "kms-full",
		SnapshotSN:                 "64472-1-2",
		ProductCode:                "jxsc000",
		SourceSnapshotID:           "s-origin",
		SourceRegionID:             "cn-beijing",
		SnapshotLinkID:             "sl-full",
		Tags:                       map[string]string{"env": "prod", "empty": ""},
	}
}

func TestFlattenSnapshot_everyField(t *testing.T) {
	got := flattenSnapshot(fullSnapshot())
	want := snapshotModel{
		ID:                         types.StringValue("s-full"),
		Status:                     types.StringValue("accomplished"),
		CreationTime:               types.StringValue("2024-05-01T08:00:30Z"),
		Progress:                   types.Int64Value(100),
		InstantAccess:              types.BoolValue(true),
		Available:                  types.BoolValue(true),
		RemainTime:                 types.Int64Value(7),
		SourceDiskSize:             types.Int64Value(40),
		RetentionDays:              types.Int64Value(30),
		SourceDiskType:             types.StringValue("data"),
		SourceStorageType:          types.StringValue("disk"),
		Usage:                      types.StringValue("image"),
		LastModifiedTime:           types.StringValue("2024-05-02T01:01:00Z"), // converted to UTC
		Encrypted:                  types.BoolValue(true),
		SnapshotType:               types.StringValue("user"),
		SourceDiskID:               types.StringValue("d-source"),
		SnapshotName:               types.StringValue("full-name"),
		InstantAccessRetentionDays: types.Int64Value(3),
		Description:                types.StringValue("full description"),
		SnapshotID:                 types.StringValue("s-full"),
		RegionID:                   types.StringValue("cn-hangzhou"),
		ResourceGroupID:            types.StringValue("rg-full"),
		Category:                   types.StringValue("standard"),
		KMSKeyID:                   types.StringValue("kms-full"),
		SnapshotSN:                 types.StringValue("64472-1-2"),
		ProductCode:                types.StringValue("jxsc000"),
		SourceSnapshotID:           types.StringValue("s-origin"),
		SourceRegionID:             types.StringValue("cn-beijing"),
		SnapshotLinkID:             types.StringValue("sl-full"),
		Tags:                       types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod"), "empty": types.StringValue("")}),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flattenSnapshot:\n got %+v\nwant %+v", got, want)
	}
}

func TestFlattenSnapshot_emptyFields(t *testing.T) {
	got := flattenSnapshot(ecsclient.Snapshot{SnapshotID: "s-bare"})
	if !got.CreationTime.IsNull() || !got.LastModifiedTime.IsNull() {
		t.Errorf("times the API left empty should be null, got %s and %s", got.CreationTime, got.LastModifiedTime)
	}
	if got.Tags.IsNull() || len(got.Tags.Elements()) != 0 {
		t.Errorf("an untagged snapshot should have an empty map, got %s", got.Tags)
	}
	if got.ProductCode.IsNull() || got.ProductCode.ValueString() != "" {
		t.Errorf("an empty string from the API should stay an empty string, got %s", got.ProductCode)
	}
}

func TestFlattenIDsAndNames_keepOrder(t *testing.T) {
	in := []ecsclient.Snapshot{{SnapshotID: "s-2", SnapshotName: "b"}, {SnapshotID: "s-1"}, {SnapshotID: "s-3", SnapshotName: "c"}}
	ids, names := flattenIDsAndNames(in)
	var gotIDs, gotNames []string
	if d := ids.ElementsAs(context.Background(), &gotIDs, false); d.HasError() {
		t.Fatal(d)
	}
	if d := names.ElementsAs(context.Background(), &gotNames, false); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(gotIDs, []string{"s-2", "s-1", "s-3"}) || !reflect.DeepEqual(gotNames, []string{"b", "", "c"}) {
		t.Errorf("ids %v names %v", gotIDs, gotNames)
	}
}

// An empty result is empty lists, not null, so that length() works on them (the snapshots list: TestSetSnapshotsList_empty).
func TestFlattenIDsAndNames_emptyIsNotNull(t *testing.T) {
	ids, names := flattenIDsAndNames(nil)
	if ids.IsNull() || len(ids.Elements()) != 0 || names.IsNull() || len(names.Elements()) != 0 {
		t.Errorf("ids and names should be empty lists, got %s and %s", ids, names)
	}
}
