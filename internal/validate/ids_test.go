package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestIDRule_form(t *testing.T) {
	for _, tc := range []struct {
		rule IDRule
		id   string
		ok   bool
	}{
		{DiskID, "d-bp1a3r2m5jxl7hq0w8ke", true},
		{DiskID, "d-1", true},         // no length rule: the API documents none
		{DiskID, "d-bench000", true},  // the bench's seeded disks
		{DiskID, "d-dsacc0enc", true}, // the data source tests' seeded disks
		{DiskID, "d-uf6b2n8c4x7v1z5m3k9q", true},
		{DiskID, "d-", false},
		{DiskID, "", false},
		{DiskID, "D-bp1", false},
		{DiskID, "d-BP1", false},
		{DiskID, "d_bp1", false},
		{DiskID, "d-bp1 ", false},
		{DiskID, "d-bp1-2", false},
		{DiskID, "s-bp1", false},
		{DiskID, "i-bp1", false},
		{SnapshotID, "s-bp17441ohwka0yuh0000", true},
		{SnapshotID, "s-1", true},
		{SnapshotID, "d-bp1", false},
		{SnapshotID, "sl-bp1", false},
		{SnapshotID, "s-bp1****", false},
		{SnapshotID, "snap-1", false},
		{AutoSnapshotPolicyID, "sp-bp12m37ccmxvbmi5abcd", true},
		{AutoSnapshotPolicyID, "sp-1", true},
		{AutoSnapshotPolicyID, "sp-", false},
		{AutoSnapshotPolicyID, "", false},
		{AutoSnapshotPolicyID, "s-bp1", false},
		{AutoSnapshotPolicyID, "SP-bp1", false},
		{AutoSnapshotPolicyID, "sp-bp1:d-bp1", false},
	} {
		if got := tc.rule.OK(tc.id); got != tc.ok {
			t.Errorf("%s rule on %q: %v, want %v", tc.rule.Kind, tc.id, got, tc.ok)
		}
	}
}

func TestIDRule_messageNamesAttributeFormAndValue(t *testing.T) {
	resp := &validator.StringResponse{}
	DiskID.String().ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root("disk_id"), ConfigValue: types.StringValue("D-Bad"),
	}, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("D-Bad accepted as a disk ID")
	}
	d := resp.Diagnostics.Errors()[0].Detail()
	for _, want := range []string{"disk_id", `"d-" followed by lower-case letters and digits`, `"D-Bad"`} {
		if !strings.Contains(d, want) {
			t.Errorf("detail %q does not contain %q", d, want)
		}
	}
}

func TestIDRule_formArticle(t *testing.T) {
	if f := AutoSnapshotPolicyID.Form(); !strings.HasPrefix(f, `an automatic snapshot policy ID: "sp-" followed by`) {
		t.Errorf("form %q", f)
	}
	if f := DiskID.Form(); !strings.HasPrefix(f, `a disk ID: "d-"`) {
		t.Errorf("form %q", f)
	}
}
