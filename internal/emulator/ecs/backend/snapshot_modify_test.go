package backend

import (
	"strings"
	"testing"
	"time"
)

func TestModifySnapshotAttribute_validation(t *testing.T) {
	cases := []struct {
		name   string
		in     ModifySnapshotAttributeInput
		status int
		code   string
	}{
		{"missing id", ModifySnapshotAttributeInput{}, 400, "MissingParameter"},
		{"unknown id", ModifySnapshotAttributeInput{SnapshotID: "s-bp1nosuch"}, 404, "InvalidSnapshotId.NotFound"},
		{"bad name", ModifySnapshotAttributeInput{SnapshotName: "auto-x"}, 400, "InvalidSnapshotName.Malformed"},
		{"bad description", ModifySnapshotAttributeInput{Description: "http://x"}, 404, "InvalidDescription.Malformed"},
		{"retention 0", ModifySnapshotAttributeInput{RetentionDays: "0"}, 400, "InvalidRetentionDays.Malformed"},
		{"retention 65537", ModifySnapshotAttributeInput{RetentionDays: "65537"}, 400, "InvalidRetentionDays.Malformed"},
		{"retention shortened", ModifySnapshotAttributeInput{RetentionDays: "9"}, 400, "InvalidRetentionDays.Malformed"},
		{"disable ia not bool", ModifySnapshotAttributeInput{DisableInstantAccess: "y"}, 400, "InvalidParameter"},
		{"unknown region", ModifySnapshotAttributeInput{RegionID: "cn-beijing"}, 404, "InvalidRegionId.NotFound"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBackend(t, 0)
			id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "orig", RetentionDays: "10"})
			if tc.in.SnapshotID == "" && tc.code != "MissingParameter" {
				tc.in.SnapshotID = id
			}
			wantAPIError(t, b.ModifySnapshotAttribute(tc.in), tc.status, tc.code)
			if s := mustSnapshot(t, b, id); s.SnapshotName != "orig" || s.RetentionDays != 10 {
				t.Fatalf("a refused modify changed the snapshot: %+v", s)
			}
		})
	}
}

func TestModifySnapshotAttribute_changesFields(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "orig", Description: "first", InstantAccess: "true", RetentionDays: "10"})
	before := mustSnapshot(t, b, id)
	clk.Advance(time.Hour)
	if err := b.ModifySnapshotAttribute(ModifySnapshotAttributeInput{RegionID: region, SnapshotID: id, SnapshotName: "renamed",
		Description: strings.Repeat("d", 256), RetentionDays: "20", DisableInstantAccess: "true"}); err != nil {
		t.Fatal(err)
	}
	s := mustSnapshot(t, b, id)
	if s.SnapshotName != "renamed" || s.Description != strings.Repeat("d", 256) || s.RetentionDays != 20 || s.InstantAccess || s.InstantAccessRetentionDays != 0 {
		t.Fatalf("%+v", s)
	}
	if s.LastModifiedTime == before.LastModifiedTime || s.LastModifiedTime != clk.Now().Format(wireTime) {
		t.Fatalf("LastModifiedTime %s, want %s", s.LastModifiedTime, clk.Now().Format(wireTime))
	}
	if s.CreationTime != before.CreationTime {
		t.Fatal("CreationTime changed")
	}
	// Empty parameters leave attributes alone; the same retention is no shortening.
	if err := b.ModifySnapshotAttribute(ModifySnapshotAttributeInput{SnapshotID: id, RetentionDays: "20"}); err != nil {
		t.Fatal(err)
	}
	if s := mustSnapshot(t, b, id); s.SnapshotName != "renamed" {
		t.Fatalf("name lost: %q", s.SnapshotName)
	}
}

func TestModifySnapshotAttribute_retentionCountsFromCreation(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	clk.Advance(36 * time.Hour)
	// Setting a retention on a snapshot kept forever is allowed; 1 day from creation has passed already.
	if err := b.ModifySnapshotAttribute(ModifySnapshotAttributeInput{SnapshotID: id, RetentionDays: "2"}); err != nil {
		t.Fatal(err)
	}
	mustSnapshot(t, b, id)
	clk.Advance(12 * time.Hour)
	if _, ok := b.Snapshot(id); ok {
		t.Fatal("snapshot outlived creation + 2 days")
	}
}
