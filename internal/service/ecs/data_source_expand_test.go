package ecs

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// nullFilterModel is a configuration with no argument set, as Terraform hands it over.
func nullFilterModel() snapshotsDataSourceModel {
	return snapshotsDataSourceModel{
		ID:                types.StringNull(),
		InstanceID:        types.StringNull(),
		DiskID:            types.StringNull(),
		SnapshotLinkID:    types.StringNull(),
		IDs:               types.ListNull(types.StringType),
		SnapshotName:      types.StringNull(),
		Status:            types.StringNull(),
		SnapshotType:      types.StringNull(),
		Usage:             types.StringNull(),
		SourceDiskType:    types.StringNull(),
		Encrypted:         types.BoolNull(),
		ResourceGroupID:   types.StringNull(),
		KMSKeyID:          types.StringNull(),
		Category:          types.StringNull(),
		Tags:              types.MapNull(types.StringType),
		CreationStartTime: types.StringNull(),
		CreationEndTime:   types.StringNull(),
		DryRun:            types.BoolNull(),
		NameRegex:         types.StringNull(),
		MostRecent:        types.BoolNull(),
		Names:             types.ListNull(types.StringType),
		TotalCount:        types.Int64Null(),
	}
}

func TestExpandSnapshotsFilter_nothingSet(t *testing.T) {
	got, diags := expandSnapshotsFilter(context.Background(), nullFilterModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(got, ecsclient.DescribeSnapshotsInput{}) {
		t.Errorf("no argument set should send no filter, got %+v", got)
	}
}

func TestExpandSnapshotsFilter_everyFilter(t *testing.T) {
	m := nullFilterModel()
	m.InstanceID = types.StringValue("i-1")
	m.DiskID = types.StringValue("d-1")
	m.SnapshotLinkID = types.StringValue("sl-1")
	m.IDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("s-1"), types.StringValue("s-2")})
	m.SnapshotName = types.StringValue("name")
	m.Status = types.StringValue("accomplished")
	m.SnapshotType = types.StringValue("user")
	m.Usage = types.StringValue("none")
	m.SourceDiskType = types.StringValue("DATA")
	m.Encrypted = types.BoolValue(false)
	m.ResourceGroupID = types.StringValue("rg-1")
	m.KMSKeyID = types.StringValue("kms-1")
	m.Category = types.StringValue("standard")
	m.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod")})
	m.CreationStartTime = types.StringValue("2024-05-01T16:00:45+08:00")
	m.CreationEndTime = types.StringValue("2024-05-02T08:00Z")
	m.DryRun = types.BoolValue(true)
	// Client-side arguments never reach the API.
	m.NameRegex = types.StringValue("^x")
	m.MostRecent = types.BoolValue(true)

	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	f := false
	start := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	end := time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)
	want := ecsclient.DescribeSnapshotsInput{
		InstanceID:        "i-1",
		DiskID:            "d-1",
		SnapshotLinkID:    "sl-1",
		SnapshotIDs:       []string{"s-1", "s-2"},
		SnapshotName:      "name",
		Status:            "accomplished",
		SnapshotType:      "user",
		Usage:             "none",
		SourceDiskType:    "data",
		Encrypted:         &f, // false set explicitly is sent
		ResourceGroupID:   "rg-1",
		KMSKeyID:          "kms-1",
		Category:          "Standard",
		Tags:              map[string]string{"env": "prod"},
		CreationStartTime: &start,
		CreationEndTime:   &end,
		DryRun:            true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expandSnapshotsFilter:\n got %+v\nwant %+v", got, want)
	}
}

func TestExpandSnapshotsFilter_emptyIDsPlaceNoRestriction(t *testing.T) {
	m := nullFilterModel()
	m.IDs = types.ListValueMust(types.StringType, nil)
	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(got.SnapshotIDs) != 0 {
		t.Errorf("SnapshotIDs = %v, want none", got.SnapshotIDs)
	}
}

func TestExpandSnapshotsFilter_manyIDsPassedWhole(t *testing.T) {
	// The client splits more than 100 IDs; the data source must hand over all of them.
	var elems []attr.Value
	for i := range 250 {
		elems = append(elems, types.StringValue(fmt.Sprintf("s-%03d", i)))
	}
	m := nullFilterModel()
	m.IDs = types.ListValueMust(types.StringType, elems)
	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(got.SnapshotIDs) != 250 {
		t.Errorf("got %d IDs, want 250", len(got.SnapshotIDs))
	}
}

func TestExpandSnapshotsFilter_badTimeIsAnError(t *testing.T) {
	m := nullFilterModel()
	m.CreationEndTime = types.StringValue("yesterday")
	_, diags := expandSnapshotsFilter(context.Background(), m)
	if !diags.HasError() {
		t.Fatal("want an error for an unparsable time")
	}
}

func TestCanonicalCategory(t *testing.T) {
	for in, want := range map[string]string{
		"standard": "Standard", "STANDARD": "Standard", "Standard": "Standard",
		"flash": "Flash", "Archive": "archive", "archive": "archive", "other": "other",
	} {
		if got := canonicalCategory(in); got != want {
			t.Errorf("canonicalCategory(%q) = %q, want %q", in, got, want)
		}
	}
}
