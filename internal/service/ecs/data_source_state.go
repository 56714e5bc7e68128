package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// The snapshots list is written to the state as terraform values built here rather than by State.Set over
// []snapshotModel: the framework's reflection compiles a regular expression for every field of every element
// (tens of seconds and hundreds of MiB at 10,000 snapshots); this costs one map per element.

// setSnapshotsList replaces the "snapshots" attribute of state (already set from the model) with the snapshots,
// each mapped by flattenSnapshot.
func setSnapshotsList(ctx context.Context, state *tfsdk.State, snapshots []ecsclient.Snapshot) error {
	listType, ok := state.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return fmt.Errorf("the data source's schema is not an object")
	}
	list, ok := listType.AttributeTypes["snapshots"].(tftypes.List)
	if !ok {
		return fmt.Errorf("the data source's snapshots attribute is not a list")
	}
	elemType, ok := list.ElementType.(tftypes.Object)
	if !ok {
		return fmt.Errorf("the data source's snapshots elements are not objects")
	}
	elems := make([]tftypes.Value, len(snapshots))
	cache := newValueCache()
	for i := range snapshots {
		v, err := flattenSnapshot(snapshots[i]).terraformValue(ctx, elemType, cache, i == 0)
		if err != nil {
			return err
		}
		elems[i] = v
	}
	var attrs map[string]tftypes.Value
	if err := state.Raw.As(&attrs); err != nil {
		return fmt.Errorf("reading the state being written: %w", err)
	}
	attrs["snapshots"] = tftypes.NewValue(list, elems)
	if err := tftypes.ValidateValue(listType, attrs); err != nil {
		return err
	}
	state.Raw = tftypes.NewValue(listType, attrs)
	return nil
}

// terraformValue is the element of the snapshots list; the names are snapshotModel's tfsdk tags (a test compares
// the result with the framework's own conversion of the struct). Every element has the same shape, so only the
// first (validate) is checked against the type before tftypes.NewValue, which would panic on a mismatch.
func (m snapshotModel) terraformValue(ctx context.Context, typ tftypes.Object, cache *valueCache, validate bool) (tftypes.Value, error) {
	fields := [...]struct {
		name string
		v    attr.Value
	}{
		{"id", m.ID}, {"status", m.Status}, {"creation_time", m.CreationTime}, {"progress", m.Progress},
		{"instant_access", m.InstantAccess}, {"available", m.Available}, {"remain_time", m.RemainTime},
		{"source_disk_size", m.SourceDiskSize}, {"retention_days", m.RetentionDays}, {"source_disk_type", m.SourceDiskType},
		{"source_storage_type", m.SourceStorageType}, {"usage", m.Usage}, {"last_modified_time", m.LastModifiedTime},
		{"encrypted", m.Encrypted}, {"snapshot_type", m.SnapshotType}, {"source_disk_id", m.SourceDiskID},
		{"snapshot_name", m.SnapshotName}, {"instant_access_retention_days", m.InstantAccessRetentionDays},
		{"description", m.Description}, {"snapshot_id", m.SnapshotID}, {"region_id", m.RegionID},
		{"resource_group_id", m.ResourceGroupID}, {"category", m.Category}, {"kms_key_id", m.KMSKeyID},
		{"snapshot_sn", m.SnapshotSN}, {"product_code", m.ProductCode}, {"source_snapshot_id", m.SourceSnapshotID},
		{"source_region_id", m.SourceRegionID}, {"snapshot_link_id", m.SnapshotLinkID}, {"tags", m.Tags},
	}
	if len(fields) != len(typ.AttributeTypes) {
		return tftypes.Value{}, fmt.Errorf("snapshot element has %d attributes in the schema, %d in the model", len(typ.AttributeTypes), len(fields))
	}
	vals := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		v, err := cache.value(ctx, f.name, f.v)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("snapshot attribute %s: %w", f.name, err)
		}
		vals[f.name] = v
	}
	if validate {
		if err := tftypes.ValidateValue(typ, vals); err != nil {
			return tftypes.Value{}, err
		}
	}
	return tftypes.NewValue(typ, vals), nil
}

// valueCache shares the terraform values of attributes that repeat from one snapshot to the next (status,
// region, category, disk size, null times...): a tftypes.Value is immutable, so one can stand in many objects,
// which saves an allocation per attribute and element. An attribute whose values do not repeat (IDs, names)
// stops being cached once it has valueCacheSize of them.
type valueCache struct {
	byAttr map[string]map[any]tftypes.Value
}

const valueCacheSize = 64

type nullKey struct{}

func newValueCache() *valueCache { return &valueCache{byAttr: map[string]map[any]tftypes.Value{}} }

func (c *valueCache) value(ctx context.Context, name string, v attr.Value) (tftypes.Value, error) {
	var key any
	switch x := v.(type) {
	case basetypes.StringValue:
		key = x.ValueString()
	case basetypes.Int64Value:
		key = x.ValueInt64()
	case basetypes.BoolValue:
		key = x.ValueBool()
	default: // maps (tags) are not shared
		return v.ToTerraformValue(ctx)
	}
	if v.IsNull() || v.IsUnknown() {
		key = nullKey{}
	}
	known := c.byAttr[name]
	if tv, ok := known[key]; ok {
		return tv, nil
	}
	tv, err := v.ToTerraformValue(ctx)
	if err != nil || v.IsUnknown() {
		return tv, err
	}
	if known == nil {
		known = map[any]tftypes.Value{}
		c.byAttr[name] = known
	}
	if len(known) < valueCacheSize {
		known[key] = tv
	}
	return tv, nil
}
