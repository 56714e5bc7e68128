package ecd

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// createDesktopSnapshotAction is aliecs_create_desktop_snapshot: a snapshot of a cloud desktop's disk taken when the
// action runs, which no state holds. The API takes no ClientToken: the client's CreateSnapshot goes through the
// kit's tokenless create (client.CreateWithoutToken), which after an answer lost in transit finds the snapshot
// the attempt made (same desktop, name and disk, created since this call began) instead of making another.
type createDesktopSnapshotAction struct {
	framework.ActionWithConfigure
	sleep wait.Sleep
}

// NewCreateDesktopSnapshotAction is the aliecs_create_desktop_snapshot action.
func NewCreateDesktopSnapshotAction() action.Action {
	return &createDesktopSnapshotAction{sleep: wait.Context}
}

type createDesktopSnapshotActionModel struct {
	DesktopID      types.String   `tfsdk:"desktop_id"`
	SnapshotName   types.String   `tfsdk:"snapshot_name"`
	SourceDiskType types.String   `tfsdk:"source_disk_type"`
	Description    types.String   `tfsdk:"description"`
	Wait           types.Bool     `tfsdk:"wait"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

const createDesktopSnapshotActionDescription = "Takes a snapshot of a cloud desktop's system or data disk (Elastic " +
	"Desktop Service) when the action runs: before a change of another resource or on demand (`terraform apply " +
	"-invoke`). Requires Terraform 1.14 or later; OpenTofu has no actions. The snapshot is in no Terraform state: " +
	"destroying the configuration does not delete it, and the API gives desktop snapshots no retention: delete them with " +
	"DeleteSnapshot or the console, or import them as `aliecs_desktop_snapshot` and destroy that. By default the action waits until the snapshot is " +
	"`ACCOMPLISHED`, showing its progress in the CLI. The API takes no ClientToken: after an answer lost in transit the " +
	"provider finds the snapshot the attempt made (same desktop, name and disk, made since the call began) rather than " +
	"make a second one, so give each run's snapshot a name of its own where runs may follow each other within a minute."

func (a *createDesktopSnapshotAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	d := schemas.Described
	desktopD, desktopMD := d("ID of the cloud desktop whose disk is snapshotted (`DesktopId`): `ecd-` followed by lower-case " +
		"letters and digits. The desktop must be `Running` or `Stopped`.")
	nameD, nameMD := d("Name of the snapshot: " + snapshotNameRule + ".")
	typeD, typeMD := d("Which disk of the desktop to snapshot: `system` or `data`, in any case.")
	descD, descMD := d("Description of the snapshot, at most 128 characters.")
	waitD, waitMD := d("Wait until the snapshot is `ACCOMPLISHED` (default `true`), sending its progress to the CLI; a " +
		"snapshot that ends `FAILED` fails the action. `false`: the action ends once the API accepted the snapshot.")
	resp.Schema = schema.Schema{
		Description:         schemas.Plain(createDesktopSnapshotActionDescription),
		MarkdownDescription: createDesktopSnapshotActionDescription,
		Attributes: map[string]schema.Attribute{
			"desktop_id": schema.StringAttribute{Required: true, Description: desktopD, MarkdownDescription: desktopMD,
				Validators: []validator.String{DesktopID.String()}},
			"snapshot_name": schema.StringAttribute{Required: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: snapshotNameValidators()},
			"source_disk_type": schema.StringAttribute{Required: true, Description: typeD, MarkdownDescription: typeMD,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(diskTypeSystem, diskTypeData)}},
			"description": schema.StringAttribute{Optional: true, Description: descD, MarkdownDescription: descMD,
				Validators: []validator.String{stringvalidator.LengthAtMost(128)}},
			"wait": schema.BoolAttribute{Optional: true, Description: waitD, MarkdownDescription: waitMD},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schemas.InvokeTimeout(ctx, "the snapshot to be `ACCOMPLISHED`", defaultCreateTimeout,
				"the snapshot is kept and goes on being created."),
		},
	}
}

func (a *createDesktopSnapshotAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m createDesktopSnapshotActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !a.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ecd, err := a.Meta().ECD(ctx, "")
	if err != nil {
		resp.Diagnostics.AddError("Cannot create desktop snapshot", err.Error())
		return
	}
	in := ecdclient.CreateSnapshotInput{
		DesktopID:      m.DesktopID.ValueString(),
		SnapshotName:   m.SnapshotName.ValueString(),
		SourceDiskType: m.SourceDiskType.ValueString(),
		Description:    m.Description.ValueString(),
	}
	id, err := ecd.CreateSnapshot(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create desktop snapshot",
			fmt.Sprintf("Creating a snapshot of the %s disk of cloud desktop %s: %s", in.SourceDiskType, in.DesktopID, err))
		return
	}
	ctx = tflog.SetField(ctx, "ecd_snapshot_id", id)
	const untracked = "is kept: the API goes on with it, and no Terraform state holds it (an action stores nothing); it " +
		"stays until deleted (DeleteSnapshot, or the console)."
	subject := fmt.Sprintf("%s disk of cloud desktop %s", in.SourceDiskType, in.DesktopID)
	s, ok := framework.Launch[*ecdclient.Snapshot]{
		Started: fmt.Sprintf("Desktop snapshot %s of the %s", id, subject), Noun: "the snapshot",
		Goal: "it is ACCOMPLISHED", Untracked: untracked, Summary: "Desktop snapshot not created", Timeout: timeout,
		Wait: m.Wait, Conf: desktopSnapshotCreateWait(a.find, a.sleep, id), Say: desktopSnapshotProgress,
	}.Run(ctx, resp)
	if !ok {
		return
	}
	framework.Progress(ctx, resp, fmt.Sprintf("Desktop snapshot %s of the %s accomplished (%d GiB disk)", id, subject, s.SourceDiskSize))
}

func (a *createDesktopSnapshotAction) find(ctx context.Context, id string, slack time.Duration) (*ecdclient.Snapshot, error) {
	return findDesktopSnapshotByID(ctx, a.Meta(), id, slack)
}

// desktopSnapshotProgress words a pending check of desktop snapshot s for the CLI: "ss-1 PROGRESSING at 45%, about
// 30s left".
func desktopSnapshotProgress(s *ecdclient.Snapshot, status string) string {
	msg := fmt.Sprintf("%s %s at %s", s.SnapshotID, status, s.Progress)
	if s.RemainTime > 0 {
		msg += fmt.Sprintf(", about %s left", time.Duration(s.RemainTime)*time.Second)
	}
	return msg
}
