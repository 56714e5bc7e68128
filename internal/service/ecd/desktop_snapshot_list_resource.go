package ecd

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// desktopSnapshotLister lists the manual snapshots of the region's cloud desktops. Automatic ones are left out:
// the service makes and releases them on its own schedule, so a resource that owns one would see it vanish.
type desktopSnapshotLister struct{}

type desktopSnapshotListModel struct {
	DesktopID types.String `tfsdk:"desktop_id"`
	NameRegex types.String `tfsdk:"name_regex"`
}

func (desktopSnapshotLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	d := "Finds the manual snapshots of the cloud desktops of the provider's region (automatic snapshots are left out). " +
		"Every filter is optional."
	resp.Schema = listschema.Schema{Description: d, MarkdownDescription: d, Attributes: map[string]listschema.Attribute{
		"desktop_id": framework.ListIDAttribute("Only the snapshots of this cloud desktop (ecd-...).", DesktopID.String()),
		"name_regex": framework.ListNameRegexAttribute("snapshot"),
	}}
}

func (desktopSnapshotLister) Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(framework.Found) bool) diag.Diagnostics {
	var m desktopSnapshotListModel
	diags := framework.Get(ctx, config, &m)
	filter := framework.ExpandNameFilter(ctx, m.NameRegex, types.MapNull(types.StringType), &diags)
	if diags.HasError() {
		return diags
	}
	ecd, err := meta.ECD(ctx, "")
	if err != nil {
		diags.AddError("Cannot list desktop snapshots", err.Error())
		return diags
	}
	found, err := ecd.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{DesktopID: m.DesktopID.ValueString(), SnapshotType: "user"})
	if err != nil {
		diags.AddError("Cannot list desktop snapshots", fmt.Sprintf("Listing the desktop snapshots of region %s: %s", ecd.Region(), err))
		return diags
	}
	// CreationTime is the API's string (yyyy-MM-ddTHH:mm:ssZ), which sorts as the time it names.
	slices.SortStableFunc(found, func(a, b ecdclient.Snapshot) int {
		return cmp.Or(strings.Compare(a.CreationTime, b.CreationTime), strings.Compare(a.SnapshotID, b.SnapshotID))
	})
	framework.YieldEach(found, func(s ecdclient.Snapshot) bool {
		return s.SnapshotType != "AUTO" && filter.MatchName(s.SnapshotName)
	}, func(s ecdclient.Snapshot) framework.Found {
		return framework.FoundByID(s.SnapshotID, s.SnapshotName)
	}, yield)
	return diags
}
