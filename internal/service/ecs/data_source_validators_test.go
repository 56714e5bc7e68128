package ecs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validateAttribute runs the validators the schema declares for one top-level attribute.
func validateAttribute(t *testing.T, name string, value attr.Value) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	p := path.Root(name)
	var diags diag.Diagnostics
	switch a := snapshotsDataSourceSchema().Attributes[name].(type) {
	case schema.StringAttribute:
		for _, v := range a.Validators {
			resp := &validator.StringResponse{}
			v.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: as[types.String](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case schema.MapAttribute:
		for _, v := range a.Validators {
			resp := &validator.MapResponse{}
			v.ValidateMap(ctx, validator.MapRequest{Path: p, ConfigValue: as[types.Map](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case schema.ListAttribute:
		for _, v := range a.Validators {
			resp := &validator.ListResponse{}
			v.ValidateList(ctx, validator.ListRequest{Path: p, ConfigValue: as[types.List](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	default:
		t.Fatalf("attribute %q: no validators to run for %T", name, a)
	}
	return diags
}

// as converts a test value to the type the attribute's validators take.
func as[T attr.Value](t *testing.T, v attr.Value) T {
	t.Helper()
	typed, ok := v.(T)
	if !ok {
		t.Fatalf("test value %s is a %T", v, v)
	}
	return typed
}

func str(s string) types.String { return types.StringValue(s) }

func tagMap(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

func TestSnapshotsDataSourceValidators(t *testing.T) {
	manyTags := []string{}
	for i := range 21 {
		manyTags = append(manyTags, "k"+strings.Repeat("x", i), "v")
	}
	tests := []struct {
		attribute string
		value     attr.Value
		wantError string // "" = valid; else a piece of the error detail
	}{
		{"status", str("accomplished"), ""},
		{"status", str("all"), ""},
		{"status", str("Accomplished"), `Attribute status value must be one of`},
		{"status", str("done"), `got: "done"`},
		{"snapshot_type", str("timer"), ""},
		{"snapshot_type", str("manual"), `Attribute snapshot_type value must be one of`},
		{"usage", str("image_disk"), ""},
		{"usage", str("images"), `Attribute usage value must be one of`},
		{"source_disk_type", str("Data"), ""},
		{"source_disk_type", str("SYSTEM"), ""},
		{"source_disk_type", str("root"), `Attribute source_disk_type value must be one of`},
		{"category", str("standard"), ""},
		{"category", str("Flash"), ""},
		{"category", str("ARCHIVE"), ""},
		{"category", str("premium"), `Attribute category value must be one of`},
		{"instance_id", str(""), "instance_id string length must be at least 1"},
		{"disk_id", str(""), "disk_id string length must be at least 1"},
		{"snapshot_link_id", str(""), "snapshot_link_id"},
		{"snapshot_name", str(""), "snapshot_name"},
		{"resource_group_id", str(""), "resource_group_id"},
		{"kms_key_id", str(""), "kms_key_id"},
		{"disk_id", str("d-1"), ""},
		{"status", types.StringUnknown(), ""},
		{"status", types.StringNull(), ""},
		{"name_regex", str("^app-[0-9]+$"), ""},
		{"name_regex", str("app-("), "Attribute name_regex value must be a valid regular expression"},
		{"creation_start_time", str("2024-05-01T08:00Z"), ""},
		{"creation_start_time", str("2024-05-01T08:00:00Z"), ""},
		{"creation_start_time", str("2024-05-01T16:00:00+08:00"), ""},
		{"creation_start_time", str("2024-05-01"), `Attribute creation_start_time value must be a time`},
		{"creation_end_time", str("2024-05-01 08:00"), `got: "2024-05-01 08:00"`},
		{"creation_end_time", str("0000-01-01T00:30:00+01:00"), "outside the years"},
		{"creation_end_time", types.StringUnknown(), ""},
		{"tags", tagMap("env", "prod", "empty", ""), ""},
		{"tags", tagMap("", "v"), `Attribute tags[""] must be 1 to 128 characters long`},
		{"tags", tagMap("aliyun-x", "v"), `must not start with "aliyun" or "acs:", got: "aliyun-x"`},
		{"tags", tagMap("acs:x", "v"), `must not start with "aliyun" or "acs:", got: "acs:x"`},
		{"tags", tagMap("a-http://b", "v"), `must not contain "http://" or "https://"`},
		{"tags", tagMap(strings.Repeat("k", 129), "v"), "must be 1 to 128 characters long"},
		{"tags", tagMap(strings.Repeat("k", 128), strings.Repeat("é", 128)), ""},
		{"tags", tagMap("k", strings.Repeat("v", 129)), `Attribute tags["k"] must be 0 to 128 characters long`},
		{"tags", tagMap("k", "acs:v"), `Attribute tags["k"] must not start with "acs:", got: "acs:v"`},
		{"tags", tagMap("k", "see https://x"), `must not contain "http://" or "https://"`},
		{"tags", tagMap("k", "aliyun is fine in a value"), ""},
		{"tags", tagMap(manyTags...), "tags map must contain at most 20 elements"},
		{"ids", types.ListValueMust(types.StringType, []attr.Value{str("s-1")}), ""},
		{"ids", types.ListValueMust(types.StringType, []attr.Value{str("s-1"), str("")}), "ids[1] string length must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.attribute+"="+tt.value.String(), func(t *testing.T) {
			diags := validateAttribute(t, tt.attribute, tt.value)
			if tt.wantError == "" {
				if diags.HasError() {
					t.Fatalf("want valid, got %v", diags)
				}
				return
			}
			if !diags.HasError() {
				t.Fatalf("want an error containing %q, got none", tt.wantError)
			}
			var details []string
			for _, d := range diags.Errors() {
				details = append(details, d.Detail())
			}
			if all := strings.Join(details, "\n"); !strings.Contains(all, tt.wantError) {
				t.Errorf("want an error containing %q, got %q", tt.wantError, all)
			}
		})
	}
}

func TestParseCreationTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-05-01T08:00Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T08:00:59Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T08:00:00.999Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T01:30:00+08:00", time.Date(2024, 4, 30, 17, 30, 0, 0, time.UTC)},
		{"2024-05-01T20:15:00-05:00", time.Date(2024, 5, 2, 1, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseCreationTime(tt.in)
		if err != nil {
			t.Errorf("parseCreationTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseCreationTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "2024-05-01", "2024-05-01T08:00", "2024-05-01T08:00+08:00", "1714550400", "9999-12-31T23:30:00-01:00"} {
		if _, err := parseCreationTime(bad); err == nil {
			t.Errorf("parseCreationTime(%q) accepted", bad)
		}
	}
}

// configOf builds the configuration Terraform would send for a model.
func configOf(t *testing.T, m snapshotsDataSourceModel) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	return tfsdk.Config{Schema: s, Raw: state.Raw}
}

func TestCreationWindowValidator(t *testing.T) {
	tests := []struct {
		start, end types.String
		wantError  bool
	}{
		{str("2024-05-01T08:00Z"), str("2024-05-01T09:00Z"), false},
		{str("2024-05-01T08:00Z"), str("2024-05-01T08:00Z"), false},
		// Equal once converted to UTC.
		{str("2024-05-01T16:00:00+08:00"), str("2024-05-01T08:00Z"), false},
		{str("2024-05-01T09:00Z"), str("2024-05-01T08:00Z"), true},
		{str("2024-05-01T09:00:00+00:00"), str("2024-05-01T16:59:00+08:00"), true},
		{str("2024-05-01T09:00Z"), types.StringNull(), false},
		{types.StringNull(), str("2024-05-01T09:00Z"), false},
		{str("2024-05-01T09:00Z"), types.StringUnknown(), false},
		{str("garbage"), str("2024-05-01T09:00Z"), false}, // reported by the attribute's own validator
	}
	for _, tt := range tests {
		m := nullFilterModel()
		m.CreationStartTime, m.CreationEndTime = tt.start, tt.end
		resp := &datasource.ValidateConfigResponse{}
		creationWindowValidator{}.ValidateDataSource(context.Background(), datasource.ValidateConfigRequest{Config: configOf(t, m)}, resp)
		if resp.Diagnostics.HasError() != tt.wantError {
			t.Errorf("start %s end %s: error = %v, want %v", tt.start, tt.end, resp.Diagnostics, tt.wantError)
		}
		if tt.wantError && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "creation_end_time") {
			t.Errorf("the error should name creation_end_time: %v", resp.Diagnostics)
		}
	}
}
