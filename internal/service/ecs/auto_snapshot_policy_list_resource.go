package ecs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

// autoSnapshotPolicyLister lists the account's own policies of the region; system policies (Type System, made and
// kept by the cloud) cannot be created, changed or deleted by a user, so no resource can own them.
type autoSnapshotPolicyLister struct{}

type autoSnapshotPolicyListModel struct {
	ResourceGroupID types.String `tfsdk:"resource_group_id"`
	NameRegex       types.String `tfsdk:"name_regex"`
	Tags            types.Map    `tfsdk:"tags"`
}

func (autoSnapshotPolicyLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the automatic snapshot policies of the provider's region that the account made (system policies are left " +
		"out). Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"resource_group_id": framework.ListIDAttribute("Only policies of this resource group."),
		"name_regex":        framework.ListNameRegexAttribute("policy"),
		"tags":              framework.ListTagsAttribute("policy"),
	}}
}

func (autoSnapshotPolicyLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m autoSnapshotPolicyListModel
	diags := framework.Get(ctx, config, &m)
	filter := framework.ExpandNameFilter(ctx, m.NameRegex, m.Tags, &diags)
	if diags.HasError() {
		return diags
	}
	ecs := meta.HomeECS()
	found, err := ecs.DescribeAutoSnapshotPolicies(ctx, ecsclient.DescribeAutoSnapshotPoliciesInput{
		ResourceGroupID: m.ResourceGroupID.ValueString(), Tags: filter.Tags})
	if err != nil {
		diags.AddError("Cannot list automatic snapshot policies", fmt.Sprintf("Listing the policies of region %s: %s", ecs.Region(), err))
		return diags
	}
	framework.SortOldestFirst(found, func(p ecsclient.AutoSnapshotPolicy) time.Time { return p.CreationTime },
		func(p ecsclient.AutoSnapshotPolicy) string { return p.ID })
	framework.YieldEach(found, func(p ecsclient.AutoSnapshotPolicy) bool {
		return p.Type != "System" && filter.MatchName(p.Name)
	}, func(p ecsclient.AutoSnapshotPolicy) framework.Found {
		return framework.FoundByID(p.ID, p.Name)
	}, yield)
	return diags
}

// autoSnapshotPolicyAttachmentLister lists the disks of the region that carry a policy, as attachments.
type autoSnapshotPolicyAttachmentLister struct{}

type autoSnapshotPolicyAttachmentListModel struct {
	AutoSnapshotPolicyID types.String `tfsdk:"auto_snapshot_policy_id"`
	DiskID               types.String `tfsdk:"disk_id"`
	InstanceID           types.String `tfsdk:"instance_id"`
}

func (autoSnapshotPolicyAttachmentLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the disks of the provider's region that carry an automatic snapshot policy, one attachment per disk. " +
		"Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"auto_snapshot_policy_id": framework.ListIDAttribute("Only the disks of this policy (sp-...).", validate.AutoSnapshotPolicyID.String()),
		"disk_id":                 framework.ListIDAttribute("Only this disk (d-...).", validate.DiskID.String()),
		"instance_id":             framework.ListIDAttribute("Only the disks of this instance (i-...).", validate.InstanceID.String()),
	}}
}

func (autoSnapshotPolicyAttachmentLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m autoSnapshotPolicyAttachmentListModel
	diags := framework.Get(ctx, config, &m)
	if diags.HasError() {
		return diags
	}
	in := ecsclient.DescribeDisksInput{AutoSnapshotPolicyID: m.AutoSnapshotPolicyID.ValueString(), InstanceID: m.InstanceID.ValueString()}
	if !m.DiskID.IsNull() {
		in.DiskIDs = []string{m.DiskID.ValueString()}
	}
	ecs := meta.HomeECS()
	disks, err := ecs.DescribeDisks(ctx, in)
	if err != nil {
		diags.AddError("Cannot list policy attachments", fmt.Sprintf("Listing the disks of region %s: %s", ecs.Region(), err))
		return diags
	}
	slices.SortFunc(disks, func(a, b ecsclient.Disk) int { return strings.Compare(a.DiskID, b.DiskID) })
	framework.YieldEach(disks, func(d ecsclient.Disk) bool {
		return d.AutoSnapshotPolicyID != ""
	}, func(d ecsclient.Disk) framework.Found {
		return framework.Found{Identity: []string{d.AutoSnapshotPolicyID, d.DiskID},
			DisplayName: fmt.Sprintf("%s on %s", d.AutoSnapshotPolicyID, d.DiskID)}
	}, yield)
	return diags
}

// snapshotGroupLister lists the snapshot-consistent groups of the region.
type snapshotGroupLister struct{}

type snapshotGroupListModel struct {
	InstanceID types.String `tfsdk:"instance_id"`
	NameRegex  types.String `tfsdk:"name_regex"`
	Tags       types.Map    `tfsdk:"tags"`
}

func (snapshotGroupLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the snapshot-consistent groups of the provider's region. Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"instance_id": framework.ListIDAttribute("Only the groups of this instance (i-...).", validate.InstanceID.String()),
		"name_regex":  framework.ListNameRegexAttribute("group"),
		"tags":        framework.ListTagsAttribute("group"),
	}}
}

func (snapshotGroupLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m snapshotGroupListModel
	diags := framework.Get(ctx, config, &m)
	filter := framework.ExpandNameFilter(ctx, m.NameRegex, m.Tags, &diags)
	if diags.HasError() {
		return diags
	}
	ecs := meta.HomeECS()
	groups, err := ecs.DescribeSnapshotGroups(ctx, ecsclient.DescribeSnapshotGroupsInput{InstanceID: m.InstanceID.ValueString(), Tags: filter.Tags})
	if err != nil {
		diags.AddError("Cannot list snapshot groups", fmt.Sprintf("Listing the snapshot-consistent groups of region %s: %s", ecs.Region(), err))
		return diags
	}
	framework.SortOldestFirst(groups, func(g ecsclient.SnapshotGroup) time.Time { return g.CreationTime },
		func(g ecsclient.SnapshotGroup) string { return g.SnapshotGroupID })
	framework.YieldEach(groups, func(g ecsclient.SnapshotGroup) bool {
		return filter.MatchName(g.Name)
	}, func(g ecsclient.SnapshotGroup) framework.Found {
		return framework.FoundByID(g.SnapshotGroupID, g.Name)
	}, yield)
	return diags
}
