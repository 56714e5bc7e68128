package ecs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Default timeouts. A snapshot's first copy of a large disk can take long; later ones are incremental.
const (
	defaultCreateTimeout = 40 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

const snapshotResourceDescription = "Manages an ECS disk snapshot. Creating it waits until the snapshot is `accomplished`, " +
	"logging its progress; a snapshot that ends `failed` or does not finish within the create timeout stays in the state, " +
	"tainted, so the next apply replaces it and nothing is left behind unmanaged. " +
	"`snapshot_name`, `description`, `retention_days` (extend only), `tags` and `resource_group_id` change in place; " +
	"`disk_id`, `category`, `instant_access` and `instant_access_retention_days` replace the snapshot. " +
	"A snapshot deleted outside Terraform is planned again."

func snapshotResourceSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, PlanModifiers: stable, Description: plain(desc), MarkdownDescription: desc}
	}
	// Values that can change after creation (status while creating, usage when a disk or image is made
	// from the snapshot) get no UseStateForUnknown: a plan must not promise what the API may change.
	volatileString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: plain(desc), MarkdownDescription: desc}
	}
	timeoutsBlock := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the snapshot to be `accomplished`, as a Go duration (`90m`). Default: `%s`. "+
			"When it runs out the apply fails and the snapshot stays in the state, tainted.", shortDuration(defaultCreateTimeout)),
		UpdateDescription: fmt.Sprintf("How long in-place changes may take. Default: `%s`.", shortDuration(defaultUpdateTimeout)),
		DeleteDescription: fmt.Sprintf("How long to wait for the snapshot to be gone. Default: `%s`.", shortDuration(defaultDeleteTimeout)),
	})
	if nested, ok := timeoutsBlock.(schema.SingleNestedBlock); ok {
		const desc = "Timeouts of create, update and delete, as Go durations such as `30s`, `40m` or `2h`."
		nested.Description, nested.MarkdownDescription = plain(desc), desc
		for name, attr := range nested.Attributes {
			if a, ok := attr.(schema.StringAttribute); ok {
				a.Validators = append(a.Validators, positiveDuration())
				nested.Attributes[name] = a
			}
		}
		timeoutsBlock = nested
	}

	d := func(s string) (string, string) { return plain(s), s }
	diskD, diskMD := d("ID of the disk to snapshot (`DiskId`). Changing it replaces the snapshot.")
	nameD, nameMD := d("Name of the snapshot: 2 to 128 characters, starting with a letter, made of letters, digits, `:`, `_` and `-`; " +
		"not starting with `auto` (reserved for automatic snapshots) nor `http://` or `https://`. Changes in place. " +
		"Removing it from the configuration leaves the current name: the API cannot clear it.")
	descD, descMD := d("Description of the snapshot: 2 to 256 characters, not starting with `http://` or `https://`. Changes in place. " +
		"Removing it from the configuration leaves the current description: the API cannot clear it.")
	retD, retMD := d("Days the snapshot is kept, 1 to 65536, counted from its creation; it is then released automatically. " +
		"Not set: kept until deleted. It can only be extended: a lower value is refused at plan time, since the API cannot shorten " +
		"a retention (replace the snapshot with `terraform apply -replace` instead). Removing it from the configuration keeps the " +
		"current retention, which the API cannot remove.")
	tagsD, tagsMD := d("Tags of the snapshot, at most 20. Keys: 1 to 128 characters, not starting with `aliyun` or `acs:`, " +
		"not containing `http://` or `https://`. Values: up to 128 characters (may be empty), not starting with `acs:`, " +
		"not containing `http://` or `https://`. Set at creation and changed in place (TagResources / UntagResources).")
	rgD, rgMD := d("ID of the resource group of the snapshot. Default: the account's default resource group. " +
		"Changes in place (JoinResourceGroup); removing it from the configuration leaves the snapshot where it is.")
	catD, catMD := d("Category of the snapshot: `Standard` or `Flash` (local snapshot, deprecated by the API in favour of `instant_access`). " +
		"Cannot be used with `instant_access`. Changing it replaces the snapshot.")
	iaD, iaMD := d("Enable instant access (ESSD disks only): the snapshot can be used before it is complete. " +
		"Cannot be used with `category`. Changing it replaces the snapshot.")
	iarD, iarMD := d("Days instant access stays enabled, 1 to 65535; only with `instant_access = true`. " +
		"Default (API): the value of `retention_days`. Changing it replaces the snapshot.")
	fdD, fdMD := d("Delete the snapshot even if disks were created from it (`Force`). Only read at destroy, from the state: " +
		"set it to `true` and apply before destroying such a snapshot. Changing it makes no API call. Default: `false`.")

	return schema.Schema{
		Description:         plain(snapshotResourceDescription),
		MarkdownDescription: snapshotResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("ID of the snapshot (`SnapshotId`), e.g. `s-bp17441ohwka0yuh****`."),
			"disk_id": schema.StringAttribute{
				Required: true, Description: diskD, MarkdownDescription: diskMD,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"snapshot_name": schema.StringAttribute{
				Optional: true, Computed: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: snapshotNameValidators(), PlanModifiers: stable,
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators(), PlanModifiers: stable,
			},
			"retention_days": schema.Int64Attribute{
				Optional: true, Computed: true, Description: retD, MarkdownDescription: retMD,
				Validators:    []validator.Int64{int64validator.Between(1, 65536)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Description: tagsD, MarkdownDescription: tagsMD,
				Validators: snapshotTagsValidators(),
			},
			"resource_group_id": schema.StringAttribute{
				Optional: true, Computed: true, Description: rgD, MarkdownDescription: rgMD,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}, PlanModifiers: stable,
			},
			"category": schema.StringAttribute{
				Optional: true, Computed: true, Description: catD, MarkdownDescription: catMD,
				Validators: []validator.String{
					stringvalidator.OneOf(resourceCategories...),
					stringvalidator.ConflictsWith(path.MatchRoot("instant_access")),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"instant_access": schema.BoolAttribute{
				Optional: true, Computed: true, Description: iaD, MarkdownDescription: iaMD,
				Validators:    []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("category"))},
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"instant_access_retention_days": schema.Int64Attribute{
				Optional: true, Computed: true, Description: iarD, MarkdownDescription: iarMD,
				Validators: []validator.Int64{
					int64validator.Between(1, 65535),
					int64validator.AlsoRequires(path.MatchRoot("instant_access")),
				},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()},
			},
			"force_delete": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: fdD, MarkdownDescription: fdMD,
			},

			"status": volatileString("Status of the snapshot: `progressing`, `accomplished` or `failed`."),
			"progress": schema.Int64Attribute{
				Computed: true, Description: "Creation progress in percent (0 to 100).",
				MarkdownDescription: "Creation progress in percent (0 to 100).",
			},
			"creation_time": computedString("When the snapshot was created, RFC 3339 in UTC."),
			"source_disk_size": schema.Int64Attribute{
				Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Description: "Size of the source disk in GiB.", MarkdownDescription: "Size of the source disk in GiB.",
			},
			"source_disk_type": computedString("Type of the source disk: `system` or `data` (casing as the API answers it)."),
			"encrypted": schema.BoolAttribute{
				Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				Description: "Whether the snapshot is encrypted (as its source disk is).", MarkdownDescription: "Whether the snapshot is encrypted (as its source disk is).",
			},
			"kms_key_id":       computedString("ID of the KMS key that encrypts the snapshot; empty when not encrypted."),
			"snapshot_type":    computedString("Type of the snapshot: `user` for manual snapshots such as this one."),
			"usage":            volatileString("What the snapshot was used for: `none`, `image`, `disk` or `image_disk`."),
			"region_id":        computedString("Region of the snapshot."),
			"snapshot_sn":      computedString("Serial number of the snapshot."),
			"snapshot_link_id": computedString("ID of the snapshot chain of the source disk."),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

func plain(md string) string { return strings.ReplaceAll(md, "`", "") }

// shortDuration prints 40m rather than time.Duration's 40m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
