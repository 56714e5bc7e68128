package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

// snapshotLister lists the snapshots aliecs_snapshot should own: manual snapshots of the region, without copies
// (aliecs_snapshot_copy owns them), members of snapshot-consistent groups (aliecs_snapshot_group owns them, and
// deletes them with the group) and automatic snapshots (their policy makes and releases them; their `auto` names
// are not even valid snapshot_name values), so that a generated configuration never manages one snapshot twice.
type snapshotLister struct{}

type snapshotListModel struct {
	DiskID     types.String `tfsdk:"disk_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	Status     types.String `tfsdk:"status"`
	NameRegex  types.String `tfsdk:"name_regex"`
	Tags       types.Map    `tfsdk:"tags"`
}

func (snapshotLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the manual snapshots of the provider's region that `aliecs_snapshot` can manage: copies, members of " +
		"snapshot-consistent groups and automatic snapshots are left out (list them with `aliecs_snapshot_copy` and " +
		"`aliecs_snapshot_group`). Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"disk_id":     framework.ListIDAttribute("Only snapshots of this disk (d-...).", validate.DiskID.String()),
		"instance_id": framework.ListIDAttribute("Only snapshots of the disks of this instance (i-...).", validate.InstanceID.String()),
		"status": listschema.StringAttribute{Optional: true,
			Description:         "Only snapshots in this status: progressing, accomplished or failed.",
			MarkdownDescription: "Only snapshots in this status: `progressing`, `accomplished` or `failed`.",
			Validators:          []validator.String{stringvalidator.OneOf(statusProgressing, statusAccomplished, statusFailed)}},
		"name_regex": framework.ListNameRegexAttribute("snapshot"),
		"tags":       framework.ListTagsAttribute("snapshot"),
	}}
}

func (snapshotLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m snapshotListModel
	diags := framework.Get(ctx, config, &m)
	filter := framework.ExpandNameFilter(ctx, m.NameRegex, m.Tags, &diags)
	if diags.HasError() {
		return diags
	}
	ecs := meta.HomeECS()
	found, err := ecs.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{
		DiskID: m.DiskID.ValueString(), InstanceID: m.InstanceID.ValueString(), Status: m.Status.ValueString(),
		SnapshotType: "user", Tags: filter.Tags,
	})
	if err != nil {
		diags.AddError("Cannot list snapshots", fmt.Sprintf("Listing the snapshots of region %s: %s", ecs.Region(), err))
		return diags
	}
	members, err := groupMemberIDs(ctx, ecs)
	if err != nil {
		diags.AddError("Cannot list snapshots", fmt.Sprintf("Listing the snapshot-consistent groups of region %s, whose snapshots "+
			"aliecs_snapshot_group manages: %s", ecs.Region(), err))
		return diags
	}
	framework.SortOldestFirst(found, func(s ecsclient.Snapshot) time.Time { return s.CreationTime },
		func(s ecsclient.Snapshot) string { return s.SnapshotID })
	framework.YieldEach(found, func(s ecsclient.Snapshot) bool {
		return s.SourceSnapshotID == "" && !members[s.SnapshotID] && s.SnapshotType != "auto" && filter.MatchName(s.SnapshotName)
	}, func(s ecsclient.Snapshot) framework.Found {
		return framework.FoundByID(s.SnapshotID, s.SnapshotName)
	}, yield)
	return diags
}

// groupMemberIDs are the snapshots of every snapshot-consistent group of the region.
func groupMemberIDs(ctx context.Context, ecs ecsclient.Client) (map[string]bool, error) {
	groups, err := ecs.DescribeSnapshotGroups(ctx, ecsclient.DescribeSnapshotGroupsInput{})
	if err != nil {
		return nil, err
	}
	members := map[string]bool{}
	for _, g := range groups {
		for _, s := range g.Snapshots {
			members[s.SnapshotID] = true
		}
	}
	return members, nil
}

// snapshotCopyLister lists the copies in the provider's region: the snapshots whose source is another snapshot.
type snapshotCopyLister struct{}

type snapshotCopyListModel struct {
	SourceRegionID   types.String `tfsdk:"source_region_id"`
	SourceSnapshotID types.String `tfsdk:"source_snapshot_id"`
	NameRegex        types.String `tfsdk:"name_regex"`
	Tags             types.Map    `tfsdk:"tags"`
}

func (snapshotCopyLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the snapshot copies kept in the provider's region (snapshots made by CopySnapshot from a snapshot of this " +
		"or another region). The copies an automatic snapshot policy makes with cross-region copy on (`snapshot_type` `auto`) " +
		"are left out: the policy makes and releases them. Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"source_region_id": framework.ListIDAttribute("Only copies of snapshots of this region.",
			stringvalidator.LengthAtLeast(1)),
		"source_snapshot_id": framework.ListIDAttribute("Only copies of this snapshot (s-...).", validate.SnapshotID.String()),
		"name_regex":         framework.ListNameRegexAttribute("copy"),
		"tags":               framework.ListTagsAttribute("copy"),
	}}
}

func (snapshotCopyLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m snapshotCopyListModel
	diags := framework.Get(ctx, config, &m)
	filter := framework.ExpandNameFilter(ctx, m.NameRegex, m.Tags, &diags)
	if diags.HasError() {
		return diags
	}
	ecs := meta.HomeECS()
	found, err := ecs.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{Tags: filter.Tags})
	if err != nil {
		diags.AddError("Cannot list snapshot copies", fmt.Sprintf("Listing the snapshots of region %s: %s", ecs.Region(), err))
		return diags
	}
	framework.SortOldestFirst(found, func(s ecsclient.Snapshot) time.Time { return s.CreationTime },
		func(s ecsclient.Snapshot) string { return s.SnapshotID })
	framework.YieldEach(found, func(s ecsclient.Snapshot) bool {
		// A policy's cross-region copies are automatic snapshots of the target region, released by the policy's copy
		// retention: a resource adopting one would fight the policy, as with the automatic snapshots themselves.
		return s.SourceSnapshotID != "" && s.SnapshotType != "auto" && filter.MatchName(s.SnapshotName) &&
			(m.SourceRegionID.IsNull() || m.SourceRegionID.ValueString() == s.SourceRegionID) &&
			(m.SourceSnapshotID.IsNull() || m.SourceSnapshotID.ValueString() == s.SourceSnapshotID)
	}, func(s ecsclient.Snapshot) framework.Found {
		return framework.FoundByID(s.SnapshotID, s.SnapshotName)
	}, yield)
	return diags
}
