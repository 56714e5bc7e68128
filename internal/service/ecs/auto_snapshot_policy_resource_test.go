package ecs

import (
	"context"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// policyModel0 is a configuration with the required attributes only, everything else null.
func policyModel0() autoSnapshotPolicyResourceModel {
	return autoSnapshotPolicyResourceModel{policyFields: policyFields{
		ID: types.StringNull(), Name: types.StringNull(), RetentionDays: types.Int64Value(7), EnableCrossRegionCopy: types.BoolNull(),
		AssociationType: types.StringNull(), ResourceGroupID: types.StringNull(), Status: types.StringNull(), CreationTime: types.StringNull(),
		DiskNums: types.Int64Null(), VolumeNums: types.Int64Null(), Type: types.StringNull(), RegionID: types.StringNull()},
		TimePoints: flattenInts([]int{14, 2}), RepeatWeekdays: flattenInts([]int{1, 2, 3, 4, 5, 6, 7}),
		TargetCopyRegions: types.SetNull(types.StringType), CopiedSnapshotsRetentionDays: types.Int64Null(),
		CopyEncryption: types.ObjectNull(copyEncryptionAttrTypes),
		TargetTags:     types.MapNull(types.StringType), Tags: types.MapNull(types.StringType), TagsAll: types.MapNull(types.StringType),
	}
}

func copyEncryption(encrypted bool, kms string) types.Object {
	k := types.StringNull()
	if kms != "" {
		k = types.StringValue(kms)
	}
	return types.ObjectValueMust(copyEncryptionAttrTypes, map[string]attr.Value{"encrypted": types.BoolValue(encrypted), "kms_key_id": k})
}

func TestPolicyConfigProblems_rules(t *testing.T) {
	on := func(m *autoSnapshotPolicyResourceModel) {
		m.EnableCrossRegionCopy = types.BoolValue(true)
		m.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
	}
	cases := []struct {
		name  string
		edit  func(*autoSnapshotPolicyResourceModel)
		paths []string
	}{
		{"minimal", func(*autoSnapshotPolicyResourceModel) {}, nil},
		{"copy on with region", on, nil},
		{"copy on, every copy setting", func(m *autoSnapshotPolicyResourceModel) {
			on(m)
			m.CopiedSnapshotsRetentionDays = types.Int64Value(3)
			m.CopyEncryption = copyEncryption(true, "key-1")
		}, nil},
		{"region without copy", func(m *autoSnapshotPolicyResourceModel) {
			m.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
		}, []string{"target_copy_regions"}},
		{"region with copy = false", func(m *autoSnapshotPolicyResourceModel) {
			m.EnableCrossRegionCopy = types.BoolValue(false)
			m.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
		}, []string{"target_copy_regions"}},
		{"copy retention without copy", func(m *autoSnapshotPolicyResourceModel) {
			m.CopiedSnapshotsRetentionDays = types.Int64Value(3)
		}, []string{"copied_snapshots_retention_days"}},
		{"encryption without copy", func(m *autoSnapshotPolicyResourceModel) {
			m.CopyEncryption = copyEncryption(true, "")
		}, []string{"copy_encryption"}},
		{"copy without region", func(m *autoSnapshotPolicyResourceModel) {
			m.EnableCrossRegionCopy = types.BoolValue(true)
		}, []string{"target_copy_regions"}},
		{"kms without encrypted", func(m *autoSnapshotPolicyResourceModel) {
			on(m)
			m.CopyEncryption = copyEncryption(false, "key-1")
		}, []string{"copy_encryption.kms_key_id"}},
		{"copy unknown: nothing judged", func(m *autoSnapshotPolicyResourceModel) {
			m.EnableCrossRegionCopy = types.BoolUnknown()
			m.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
		}, nil},
		{"instance tags without target tags", func(m *autoSnapshotPolicyResourceModel) {
			m.AssociationType = types.StringValue(associationInstanceTag)
		}, []string{"target_tags"}},
		{"target tags by disk", func(m *autoSnapshotPolicyResourceModel) {
			m.AssociationType = types.StringValue(associationDisk)
			m.TargetTags = tags.Flatten(map[string]string{"a": "b"})
		}, []string{"target_tags"}},
		{"target tags without association", func(m *autoSnapshotPolicyResourceModel) {
			m.TargetTags = tags.Flatten(map[string]string{"a": "b"})
		}, []string{"target_tags"}},
		{"instance tags with target tags", func(m *autoSnapshotPolicyResourceModel) {
			m.AssociationType = types.StringValue(associationInstanceTag)
			m.TargetTags = tags.Flatten(map[string]string{"a": ""})
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := policyModel0()
			c.edit(&m)
			var got []string
			for _, p := range policyConfigProblems(context.Background(), m) {
				got = append(got, p.path.String())
				if !regexp.MustCompile(`^Attribute ` + regexp.QuoteMeta(p.path.String()) + ` `).MatchString(p.msg) {
					t.Errorf("message does not start by naming the attribute %s: %q", p.path, p.msg)
				}
			}
			if !slices.Equal(got, c.paths) {
				t.Errorf("problems at %v, want %v", got, c.paths)
			}
		})
	}
}

func TestRetentionDaysRule_bounds(t *testing.T) {
	rule := retentionDaysRule{max: policyMaxRetentionDays}
	for v, ok := range map[int64]bool{-2: false, -1: true, 0: false, 1: true, 65535: true, 65536: false} {
		resp := &validator.Int64Response{}
		rule.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("retention_days"), ConfigValue: types.Int64Value(v)}, resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("retention_days = %d: error %v, want ok %v", v, resp.Diagnostics, ok)
		}
		if !ok && !regexp.MustCompile(`Attribute retention_days must be -1 \(keep until deleted\) or 1 to 65535, got: `).MatchString(resp.Diagnostics[0].Detail()) {
			t.Errorf("message %q does not name the attribute, the rule and the value", resp.Diagnostics[0].Detail())
		}
	}
}

func TestExpandPolicyCreateInput_copySettingsOnlyWhenEnabled(t *testing.T) {
	ctx := context.Background()
	m := policyModel0()
	m.Name = types.StringValue("p1")
	m.EnableCrossRegionCopy = types.BoolValue(false)
	in, diags := expandPolicyCreateInput(ctx, m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if *in.Name != "p1" || !slices.Equal(in.TimePoints, []int{2, 14}) || len(in.RepeatWeekdays) != 7 || *in.RetentionDays != 7 ||
		in.EnableCrossRegionCopy != nil || in.TargetCopyRegions != nil || in.CopyEncrypted != nil || in.AssociationType != "" || in.TargetTags != nil {
		t.Errorf("got %+v", in)
	}

	m.EnableCrossRegionCopy = types.BoolValue(true)
	m.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
	m.CopiedSnapshotsRetentionDays = types.Int64Value(-1)
	m.CopyEncryption = copyEncryption(true, "key-1")
	m.AssociationType = types.StringValue(associationInstanceTag)
	m.TargetTags = tags.Flatten(map[string]string{"backup": ""})
	in, _ = expandPolicyCreateInput(ctx, m)
	if !*in.EnableCrossRegionCopy || !slices.Equal(in.TargetCopyRegions, []string{"cn-shanghai"}) || *in.CopiedSnapshotsRetentionDays != -1 ||
		!*in.CopyEncrypted || *in.CopyKMSKeyID != "key-1" || in.AssociationType != associationInstanceTag ||
		!maps.Equal(in.TargetTags, map[string]string{"backup": ""}) {
		t.Errorf("got %+v", in)
	}
}

func TestExpandPolicyModifyInput_onlyWhatChanges(t *testing.T) {
	ctx := context.Background()
	state := policyModel0()
	state.Name = types.StringValue("p1")
	state.EnableCrossRegionCopy = types.BoolValue(false)

	if _, changed, _ := expandPolicyModifyInput(ctx, state, state); changed {
		t.Error("no change planned, yet a call would be made")
	}

	plan := state
	plan.TimePoints = flattenInts([]int{5})
	plan.RetentionDays = types.Int64Value(-1)
	in, changed, _ := expandPolicyModifyInput(ctx, plan, state)
	if !changed || !slices.Equal(in.TimePoints, []int{5}) || *in.RetentionDays != -1 || in.Name != nil || in.RepeatWeekdays != nil || in.EnableCrossRegionCopy != nil {
		t.Errorf("hours and retention: got %+v", in)
	}

	// Copying on: every copy setting is sent together.
	on := state
	on.EnableCrossRegionCopy = types.BoolValue(true)
	on.TargetCopyRegions = stringSet([]string{"cn-shanghai"})
	on.CopiedSnapshotsRetentionDays = types.Int64Value(30)
	on.CopyEncryption = copyEncryption(true, "")
	in, _, _ = expandPolicyModifyInput(ctx, on, state)
	if !*in.EnableCrossRegionCopy || !slices.Equal(in.TargetCopyRegions, []string{"cn-shanghai"}) || *in.CopiedSnapshotsRetentionDays != 30 ||
		!*in.CopyEncrypted || in.CopyKMSKeyID != nil || in.TimePoints != nil {
		t.Errorf("copy on: got %+v", in)
	}

	// copy_encryption removed while copying stays on: new copies stop being encrypted.
	noEnc := on
	noEnc.CopyEncryption = types.ObjectNull(copyEncryptionAttrTypes)
	in, _, _ = expandPolicyModifyInput(ctx, noEnc, on)
	if in.CopyEncrypted == nil || *in.CopyEncrypted {
		t.Errorf("copy_encryption removed: got %+v", in)
	}

	// Copying off: only the switch is sent.
	off := state
	off.CopiedSnapshotsRetentionDays = types.Int64Null()
	in, _, _ = expandPolicyModifyInput(ctx, off, on)
	if in.EnableCrossRegionCopy == nil || *in.EnableCrossRegionCopy || in.TargetCopyRegions != nil || in.CopyEncrypted != nil {
		t.Errorf("copy off: got %+v", in)
	}
}

func apiPolicy() *ecsclient.AutoSnapshotPolicy {
	return &ecsclient.AutoSnapshotPolicy{
		ID: "sp-1", Name: "p1", RegionID: "cn-hangzhou", CreationTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		TimePoints: []int{2, 14}, RepeatWeekdays: []int{1, 7}, RetentionDays: -1, DiskNums: 2, Status: "Normal", Type: "Custom",
		CopiedSnapshotsRetentionDays: -1, TargetCopyRegions: []string{"cn-shanghai"}, CopyKMSKeyID: "key-old",
		Tags:            map[string]string{"env": "a", "owner": "platform", "acs:rm:rgId": "rg-1", "hidden": "x"},
		ResourceGroupID: "rg-1",
	}
}

func TestFlattenAutoSnapshotPolicy_copySettingsOnlyWhenEnabled(t *testing.T) {
	tc := tags.Config{Default: map[string]string{"owner": "platform"}, Ignore: tags.IgnoreConfig{Keys: []string{"hidden"}}}
	m, diags := flattenAutoSnapshotPolicy(apiPolicy(), policyModel0(), tc)
	if diags.HasError() {
		t.Fatal(diags)
	}
	// Copying off: the API's leftovers and defaults are not shown (the configuration cannot set them).
	if !m.TargetCopyRegions.IsNull() || !m.CopiedSnapshotsRetentionDays.IsNull() || !m.CopyEncryption.IsNull() || m.EnableCrossRegionCopy.ValueBool() {
		t.Errorf("copy off: got regions %v, retention %v, encryption %v", m.TargetCopyRegions, m.CopiedSnapshotsRetentionDays, m.CopyEncryption)
	}
	if m.AssociationType.ValueString() != associationDisk || !m.TargetTags.IsNull() {
		t.Errorf("association: got %v %v", m.AssociationType, m.TargetTags)
	}
	if !m.TimePoints.Equal(flattenInts([]int{14, 2})) || m.RetentionDays.ValueInt64() != -1 || m.DiskNums.ValueInt64() != 2 ||
		m.CreationTime.ValueString() != "2026-01-02T03:04:05Z" {
		t.Errorf("got %+v", m)
	}
	if own, _ := tags.Map(m.Tags); !maps.Equal(own, map[string]string{"env": "a"}) {
		t.Errorf("tags: %v", own)
	}
	if all, _ := tags.Map(m.TagsAll); !maps.Equal(all, map[string]string{"env": "a", "owner": "platform"}) {
		t.Errorf("tags_all: %v", all)
	}

	p := apiPolicy()
	p.EnableCrossRegionCopy = true
	m, _ = flattenAutoSnapshotPolicy(p, policyModel0(), tags.Config{})
	if !m.TargetCopyRegions.Equal(stringSet([]string{"cn-shanghai"})) || m.CopiedSnapshotsRetentionDays.ValueInt64() != -1 || !m.CopyEncryption.IsNull() {
		t.Errorf("copy on, not encrypted, not configured: got %v %v %v", m.TargetCopyRegions, m.CopiedSnapshotsRetentionDays, m.CopyEncryption)
	}
	// Configured as encrypted = false: kept as an object; the API's stale key is not shown.
	prior := policyModel0()
	prior.CopyEncryption = copyEncryption(false, "")
	m, _ = flattenAutoSnapshotPolicy(p, prior, tags.Config{})
	if !m.CopyEncryption.Equal(copyEncryption(false, "")) {
		t.Errorf("encrypted = false: got %v", m.CopyEncryption)
	}
	p.CopyEncrypted = true
	m, _ = flattenAutoSnapshotPolicy(p, policyModel0(), tags.Config{})
	if !m.CopyEncryption.Equal(copyEncryption(true, "key-old")) {
		t.Errorf("encrypted (import): got %v", m.CopyEncryption)
	}
}

func TestIsPolicyGoneError_documentedAnswers(t *testing.T) {
	for _, c := range []struct {
		err  error
		gone bool
	}{
		{&client.APIError{Code: "InvalidAutoSnapshotPolicyId.NotFound", HTTPStatus: 400}, true},
		{&client.APIError{Code: "ParameterInvalid", HTTPStatus: http.StatusNotFound}, true},
		{&client.APIError{Code: "ParameterInvalid", HTTPStatus: http.StatusForbidden}, false},
		{&client.APIError{Code: "Throttling", HTTPStatus: 400}, false},
	} {
		if got := isPolicyGoneError(c.err); got != c.gone {
			t.Errorf("%v: gone %v, want %v", c.err, got, c.gone)
		}
	}
}

func TestSelectPolicies_idsAndNameRegex(t *testing.T) {
	in := []ecsclient.AutoSnapshotPolicy{{ID: "sp-c", Name: "ds-c"}, {ID: "sp-a", Name: "ds-a"}, {ID: "sp-b", Name: "other"}}
	ids := func(ps []ecsclient.AutoSnapshotPolicy) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids(selectPolicies(in, nil, nil)); !slices.Equal(got, []string{"sp-a", "sp-b", "sp-c"}) {
		t.Errorf("all: %v", got)
	}
	if got := ids(selectPolicies(in, []string{"sp-b", "sp-c"}, regexp.MustCompile("^ds-"))); !slices.Equal(got, []string{"sp-c"}) {
		t.Errorf("ids and regex: %v", got)
	}
	if got := selectPolicies(in, []string{}, nil); len(got) != 0 {
		t.Errorf("ids = []: %v", got)
	}
}

func TestFlattenPolicy_ignoreTagsAndSystemTagsHidden(t *testing.T) {
	p := apiPolicy()
	m := flattenPolicy(*p, tags.IgnoreConfig{Keys: []string{"hidden"}})
	if got, _ := tags.Map(m.Tags); !maps.Equal(got, map[string]string{"env": "a", "owner": "platform"}) {
		t.Errorf("tags: %v", got)
	}
	if m.AssociationType.ValueString() != associationDisk || len(m.TargetTags.Elements()) != 0 || m.CopyKMSKeyID.ValueString() != "key-old" {
		t.Errorf("got %+v", m)
	}
}

func TestPoliciesQueryID_sameQuerySameID(t *testing.T) {
	id := func(region string, ids ...string) string {
		t.Helper()
		elems := make([]attr.Value, len(ids))
		for i, v := range ids {
			elems[i] = types.StringValue(v)
		}
		q, diags := expandPoliciesQuery(t.Context(), autoSnapshotPoliciesModel{
			Model: plural.Model{IDs: types.ListValueMust(types.StringType, elems), NameRegex: types.StringValue("x")},
			Tags:  types.MapNull(types.StringType)})
		v, d := plural.QueryID(region, q)
		if diags.Append(d...); diags.HasError() {
			t.Fatal(diags)
		}
		return v.ValueString()
	}
	a, b, c := id("cn-hangzhou", "sp-b", "sp-a"), id("cn-hangzhou", "sp-a", "sp-b", "sp-a"), id("cn-shanghai", "sp-a", "sp-b")
	if a != b || a == c {
		t.Errorf("ids %s %s %s", a, b, c)
	}
}

// policyDeleteClient answers DescribeDisks with disks and DeleteAutoSnapshotPolicy with deleteErr.
type policyDeleteClient struct {
	ecsclient.Client
	disks     []ecsclient.Disk
	deleteErr error
	deleted   []string
}

func (c *policyDeleteClient) DescribeDisks(context.Context, ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	return c.disks, nil
}

func (c *policyDeleteClient) DeleteAutoSnapshotPolicy(_ context.Context, id string) error {
	c.deleted = append(c.deleted, id)
	return c.deleteErr
}

func deletePolicy(t *testing.T, c *policyDeleteClient) resource.DeleteResponse {
	t.Helper()
	ctx := context.Background()
	m := policyModel0()
	m.ID = types.StringValue("sp-1")
	st := tfsdk.State{Schema: autoSnapshotPolicyResourceSchema()}
	if diags := st.Set(ctx, &m); diags.HasError() {
		t.Fatal(diags)
	}
	r := framework.Configured(&autoSnapshotPolicyResource{}, connstest.ECS(t, c))
	resp := resource.DeleteResponse{State: st}
	r.Delete(ctx, resource.DeleteRequest{State: st}, &resp)
	return resp
}

// Deleting a policy that still applies to disks deletes it, and warns naming the disks left without a policy.
func TestAutoSnapshotPolicyDelete_warnsAboutDisksLeftWithoutPolicy(t *testing.T) {
	c := &policyDeleteClient{disks: []ecsclient.Disk{{DiskID: "d-2", AutoSnapshotPolicyID: "sp-1"}, {DiskID: "d-1", AutoSnapshotPolicyID: "sp-1"}}}
	resp := deletePolicy(t, c)
	if resp.Diagnostics.HasError() || !slices.Equal(c.deleted, []string{"sp-1"}) {
		t.Fatalf("deleted %v, diagnostics %v", c.deleted, resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || !regexp.MustCompile(`applied to 2 disk\(s\): d-1, d-2\. The API stopped applying it`).MatchString(w[0].Detail()) {
		t.Errorf("warnings %v", w)
	}

	c = &policyDeleteClient{}
	if resp := deletePolicy(t, c); len(resp.Diagnostics) != 0 {
		t.Errorf("no disk: diagnostics %v", resp.Diagnostics)
	}
}

func TestAutoSnapshotPolicyDelete_alreadyGoneIsSuccess(t *testing.T) {
	c := &policyDeleteClient{deleteErr: &client.APIError{Code: "ParameterInvalid", HTTPStatus: http.StatusNotFound}}
	if resp := deletePolicy(t, c); resp.Diagnostics.HasError() {
		t.Errorf("diagnostics %v", resp.Diagnostics)
	}
	c = &policyDeleteClient{deleteErr: &client.APIError{Code: "ParameterInvalid", HTTPStatus: http.StatusForbidden}}
	if resp := deletePolicy(t, c); !resp.Diagnostics.HasError() {
		t.Error("a refused delete was taken as success")
	}
}

// A policy whose create marker could not be removed reads without it, in the resource and the data source, so
// that the plan after such a create is clean.
func TestFlattenAutoSnapshotPolicy_createMarkerHidden(t *testing.T) {
	p := apiPolicy()
	p.Tags = map[string]string{"env": "a", client.AttemptMarkerKey: client.NewMarker().Value}
	prior := policyModel0()
	prior.Tags = tags.Flatten(map[string]string{"env": "a"})
	m, diags := flattenAutoSnapshotPolicy(p, prior, tags.Config{})
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := map[string]string{"env": "a"}
	if got, _ := tags.Map(m.Tags); !maps.Equal(got, want) {
		t.Errorf("tags: %v, want %v", got, want)
	}
	if got, _ := tags.Map(m.TagsAll); !maps.Equal(got, want) {
		t.Errorf("tags_all: %v, want %v", got, want)
	}
	if got, _ := tags.Map(flattenPolicy(*p, tags.IgnoreConfig{}).Tags); !maps.Equal(got, want) {
		t.Errorf("data source tags: %v, want %v", got, want)
	}
}
