package ecs

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Values the API documents for each enumerated filter.
var (
	snapshotStatusFilterValues = []string{"progressing", "accomplished", "failed", "all"}
	snapshotTypeFilterValues   = []string{"auto", "timer", "user", "all"}
	snapshotUsageFilterValues  = []string{"image", "disk", "image_disk", "none"}
	sourceDiskTypeFilterValues = []string{"system", "data"}
	// The documented spellings; configuration may use any case and is sent in these.
	snapshotCategoryFilterValues = []string{"Standard", "Flash", "archive"}
)

const snapshotsDataSourceDescription = "Lists the ECS disk snapshots of the provider's region that match the given " +
	"filters, with every field the API returns. `name_regex` and `most_recent` then narrow the result on the client side."

// nonEmptyString rejects "" where the API would read an empty filter as no filter at all and return everything.
func nonEmptyString() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1)}
}

func snapshotsDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description:         snapshotsDataSourceDescription,
		MarkdownDescription: snapshotsDataSourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:    true,
				Description: "A hash of the region and of every argument: the same query always has the same ID.",
			},

			"instance_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots of the disks of this instance (`InstanceId`).",
			},
			"disk_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots of this disk (`DiskId`).",
			},
			"snapshot_link_id": schema.StringAttribute{
				Optional:   true,
				Validators: nonEmptyString(),
				Description: "Only snapshots of this snapshot chain (`SnapshotLinkId`). The API also takes a JSON array of up to 100 " +
					"chain IDs in this string (`jsonencode([...])`). A chain that does not exist is an error " +
					"(`InvalidSnapshotLinkId.NotFound`), not an empty result.",
			},
			"ids": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Validators:  []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				Description: "As an argument, only snapshots with these IDs (`SnapshotIds`); any number may be given, " +
					"more than 100 are asked for in several calls. An empty list places no restriction. " +
					"After reading, the IDs of the snapshots found, in the order of `snapshots`: IDs that do not exist " +
					"(or that other arguments exclude) are left out.",
			},
			"snapshot_name": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots with exactly this name (`SnapshotName`). See also `name_regex`.",
			},
			"status": schema.StringAttribute{
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(snapshotStatusFilterValues...)},
				Description: "Only snapshots in this status (`Status`): `progressing`, `accomplished`, `failed` or `all` (the API's default).",
			},
			"snapshot_type": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(snapshotTypeFilterValues...)},
				Description: "Only snapshots of this type (`SnapshotType`): `auto` or `timer` (automatic snapshots), " +
					"`user` (manual snapshots) or `all` (the API's default).",
			},
			"usage": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(snapshotUsageFilterValues...)},
				Description: "Only snapshots used this way (`Usage`): `image` (to create custom images), `disk` (to create disks), " +
					"`image_disk` (both) or `none` (neither).",
			},
			"source_disk_type": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(sourceDiskTypeFilterValues...)},
				Description: "Only snapshots of this kind of disk (`SourceDiskType`): `system` or `data`. " +
					"Any case is accepted (`Data`, `DATA`), as by the API; it is sent in lower case.",
			},
			"encrypted": schema.BoolAttribute{
				Optional: true,
				Description: "Filter on encryption (`Encrypted`), sent only when set: `true` for encrypted snapshots only, " +
					"`false` for unencrypted ones. ECS documents `false` as the parameter's default, so the real service " +
					"may take `false` as no restriction at all; leave it unset to get both.",
			},
			"resource_group_id": schema.StringAttribute{
				Optional:   true,
				Validators: nonEmptyString(),
				Description: "Only snapshots in this resource group (`ResourceGroupId`). The API then returns at most 1,000 " +
					"snapshots, and always includes those of the default resource group.",
			},
			"kms_key_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots encrypted with this KMS key (`KMSKeyId`).",
			},
			"category": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(snapshotCategoryFilterValues...)},
				Description: "Only snapshots of this category (`Category`): `Standard`, `Flash` (local snapshots, deprecated by the API) " +
					"or `archive`. Any case is accepted (the API itself answers `standard`); it is sent in the documented spelling.",
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				// A tag the API could never have stored can only be a mistake: the resource's rules apply.
				Validators: snapshotTagsValidators(),
				Description: "Only snapshots carrying all these tags (`Tag.N.Key`/`Tag.N.Value`), at most 20. " +
					"Keys are 1 to 128 characters, may not start with `aliyun` or `acs:` nor contain `http://` or `https://`; " +
					"values are up to 128 characters, may be empty, may not start with `acs:` nor contain `http://` or `https://`. " +
					"With tags the API returns at most 1,000 snapshots.",
			},
			"creation_start_time": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{creationTimeValidator},
				Description: "Only snapshots created at or after this time (`Filter.1`, key `CreationStartTime`). " +
					"Either the API's form `yyyy-MM-ddTHH:mmZ` (`2024-05-01T08:00Z`) or RFC 3339 with any offset " +
					"(`2024-05-01T16:00:00+08:00`); it is converted to UTC, and seconds are dropped because the API takes minutes.",
			},
			"creation_end_time": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{creationTimeValidator},
				Description: "Only snapshots created at or before this time (`Filter.2`, key `CreationEndTime`). " +
					"Same formats and conversion as `creation_start_time`, and not earlier than it.",
			},
			"dry_run": schema.BoolAttribute{
				Optional: true,
				Description: "Only check the request (`DryRun`): credentials, permissions and parameters. A request that passes " +
					"is answered by the API with `DryRunOperation`, which this data source takes as success with an empty result; " +
					"a request that fails is an error as usual.",
			},

			"name_regex": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{regexpValidator},
				Description: "Client side: only snapshots whose name matches this regular expression (Go RE2 syntax, " +
					"unanchored: use `^...$` for a whole-name match).",
			},
			"most_recent": schema.BoolAttribute{
				Optional: true,
				Description: "Client side, after `name_regex`: keep only the newest snapshot, the first of `snapshots` " +
					"(latest `creation_time`, ties broken by the greatest `snapshot_id`). When nothing matches, the result " +
					"is empty, not an error (as with the alicloud provider).",
			},

			"names": schema.ListAttribute{
				ElementType: types.StringType,
				Computed:    true,
				Description: "The names of the snapshots found, in the order of `snapshots`.",
			},
			"total_count": schema.Int64Attribute{
				Computed:    true,
				Description: "The number of snapshots found, after `name_regex` and `most_recent`.",
			},
			"snapshots": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The snapshots found, newest first: by `creation_time`, then by `snapshot_id` from greatest to least.",
				NestedObject: schema.NestedAttributeObject{Attributes: snapshotAttributes()},
			},
		},
	}
}

// snapshotAttributes describes snapshotModel, one attribute per DescribeSnapshots response field.
func snapshotAttributes() map[string]schema.Attribute {
	str := func(d string) schema.Attribute { return schema.StringAttribute{Computed: true, Description: d} }
	num := func(d string) schema.Attribute { return schema.Int64Attribute{Computed: true, Description: d} }
	boolean := func(d string) schema.Attribute { return schema.BoolAttribute{Computed: true, Description: d} }
	return map[string]schema.Attribute{
		"id":     str("The snapshot ID, as `snapshot_id`."),
		"status": str("`progressing`, `accomplished` or `failed`."),
		"creation_time": str("When the snapshot was created, RFC 3339 in UTC (`2024-05-01T08:00:00Z`); " +
			"null if the API gave none."),
		"progress":       num("How far creation has gone, in percent (the API's `NN%` as a number)."),
		"instant_access": boolean("Whether instant access is enabled (deprecated by the API)."),
		"available":      boolean("Whether the snapshot can be shared and used to create or roll back a disk."),
		"remain_time":    num("Seconds left until creation completes."),
		"source_disk_size": num("Size of the source disk in GiB (a string in the API, " +
			"a number here)."),
		"retention_days":      num("Retention period in days, as the API reports it (documented for automatic snapshots)."),
		"source_disk_type":    str("`system` or `data`, as the API spells it."),
		"source_storage_type": str("Category of the source disk (deprecated by the API)."),
		"usage":               str("`image`, `disk`, `image_disk` or `none`."),
		"last_modified_time": str("When the snapshot was last modified, RFC 3339 in UTC; " +
			"null if the API gave none."),
		"encrypted":                     boolean("Whether the snapshot is encrypted."),
		"snapshot_type":                 str("`auto` or `timer` (automatic) or `user` (manual)."),
		"source_disk_id":                str("ID of the source disk, kept after the disk is released."),
		"snapshot_name":                 str("Name of the snapshot; empty if none was given."),
		"instant_access_retention_days": num("Days instant access stays enabled (deprecated by the API)."),
		"description":                   str("Description of the snapshot."),
		"snapshot_id":                   str("ID of the snapshot."),
		"region_id":                     str("Region of the snapshot."),
		"resource_group_id":             str("Resource group of the snapshot."),
		"category":                      str("`standard`, `flash` or `archive`, as the API spells it."),
		"kms_key_id":                    str("ID of the KMS key of the source disk."),
		"snapshot_sn":                   str("Serial number of the snapshot."),
		"product_code":                  str("Product code of the Alibaba Cloud Marketplace image."),
		"source_snapshot_id":            str("ID of the snapshot this one was copied from."),
		"source_region_id":              str("Region of the snapshot this one was copied from."),
		"snapshot_link_id":              str("ID of the snapshot chain."),
		"tags": schema.MapAttribute{
			ElementType: types.StringType,
			Computed:    true,
			Description: "Tags of the snapshot; an empty map when it has none.",
		},
	}
}
