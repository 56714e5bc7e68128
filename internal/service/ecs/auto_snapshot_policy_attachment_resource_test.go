package ecs

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// diskPolicyClient keeps which policy each disk carries, applies and cancels as the API's default (one policy a
// disk) does, and records the calls.
type diskPolicyClient struct {
	ecsclient.Client
	policyOf map[string]string // disk ID -> policy ID ("" = none); absent = no such disk
	calls    []string
	err      error // answered by Apply and Cancel when set
}

func (c *diskPolicyClient) Region() string { return "cn-hangzhou" }

func (c *diskPolicyClient) DescribeDisks(_ context.Context, in ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	c.calls = append(c.calls, "DescribeDisks "+strings.Join(in.DiskIDs, ","))
	var out []ecsclient.Disk
	for _, id := range in.DiskIDs {
		if p, ok := c.policyOf[id]; ok {
			out = append(out, ecsclient.Disk{DiskID: id, AutoSnapshotPolicyID: p, EnableAutomatedSnapshotPolicy: p != ""})
		}
	}
	return out, nil
}

func (c *diskPolicyClient) ApplyAutoSnapshotPolicy(_ context.Context, policyID string, diskIDs []string) error {
	c.calls = append(c.calls, "Apply "+policyID+" "+strings.Join(diskIDs, ","))
	if c.err != nil {
		return c.err
	}
	for _, d := range diskIDs {
		c.policyOf[d] = policyID
	}
	return nil
}

func (c *diskPolicyClient) CancelAutoSnapshotPolicy(_ context.Context, policyID string, diskIDs []string) error {
	c.calls = append(c.calls, "Cancel "+policyID+" "+strings.Join(diskIDs, ","))
	if c.err != nil {
		return c.err
	}
	for _, d := range diskIDs {
		c.policyOf[d] = ""
	}
	return nil
}

func newAttachment(t *testing.T, c *diskPolicyClient) *autoSnapshotPolicyAttachmentResource {
	return framework.Configured(&autoSnapshotPolicyAttachmentResource{}, connstest.ECS(t, c))
}

func attachmentSchema(t *testing.T) resource.SchemaResponse {
	t.Helper()
	var resp resource.SchemaResponse
	NewAutoSnapshotPolicyAttachmentResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

func attachmentState(t *testing.T, policyID, diskID string) tfsdk.State {
	t.Helper()
	s := attachmentSchema(t).Schema
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	if d := st.Set(context.Background(), autoSnapshotPolicyAttachmentModel{ID: types.StringValue(attachmentID(policyID, diskID)),
		AutoSnapshotPolicyID: types.StringValue(policyID), DiskID: types.StringValue(diskID)}); d.HasError() {
		t.Fatal(d)
	}
	return st
}

func attachmentPlan(t *testing.T, policyID, diskID string) tfsdk.Plan {
	st := attachmentState(t, policyID, diskID)
	return tfsdk.Plan(st)
}

func stateModel(t *testing.T, st tfsdk.State) autoSnapshotPolicyAttachmentModel {
	t.Helper()
	var m autoSnapshotPolicyAttachmentModel
	if d := st.Get(context.Background(), &m); d.HasError() {
		t.Fatal(d)
	}
	return m
}

// Destroying an attachment whose disk another attachment has since moved to its own policy leaves that policy on
// the disk: Terraform may create the new attachment before it destroys the old one.
func TestAttachmentDelete_neverCancelsAnotherPolicy(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{"d-1": "sp-new"}}
	st := attachmentState(t, "sp-old", "d-1")
	resp := &resource.DeleteResponse{State: st}
	newAttachment(t, c).Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if c.policyOf["d-1"] != "sp-new" {
		t.Errorf("disk d-1 carries %q after the old attachment was destroyed, want sp-new", c.policyOf["d-1"])
	}
	for _, call := range c.calls {
		if strings.HasPrefix(call, "Cancel") {
			t.Errorf("called %s", call)
		}
	}
}

// Destroying the attachment cancels its own policy, naming it, on its disk only.
func TestAttachmentDelete_cancelsItsPolicyOnItsDisk(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{"d-1": "sp-a", "d-2": "sp-a"}}
	st := attachmentState(t, "sp-a", "d-1")
	resp := &resource.DeleteResponse{State: st}
	newAttachment(t, c).Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if c.policyOf["d-1"] != "" || c.policyOf["d-2"] != "sp-a" {
		t.Errorf("policies after destroy: %v, want d-1 none and d-2 still sp-a", c.policyOf)
	}
	if want := "Cancel sp-a d-1"; c.calls[len(c.calls)-1] != want {
		t.Errorf("calls %v, want the last one %q", c.calls, want)
	}
}

// A disk already released, or a policy deleted between the check and the cancel, is nothing to cancel.
func TestAttachmentDelete_goneIsDone(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{}}
	st := attachmentState(t, "sp-a", "d-1")
	resp := &resource.DeleteResponse{State: st}
	newAttachment(t, c).Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}

	c = &diskPolicyClient{policyOf: map[string]string{"d-1": "sp-a"},
		err: &client.APIError{Action: "CancelAutoSnapshotPolicy", HTTPStatus: 404, Code: "ParameterInvalid"}}
	resp = &resource.DeleteResponse{State: st}
	newAttachment(t, c).Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}

	c.err = &client.APIError{Action: "CancelAutoSnapshotPolicy", HTTPStatus: 403, Code: "Forbidden.RAM", RequestID: "req-9"}
	resp = &resource.DeleteResponse{State: st}
	newAttachment(t, c).Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if !resp.Diagnostics.HasError() || !containsAll(resp.Diagnostics.Errors()[0].Detail(), "sp-a", "d-1", "req-9") {
		t.Fatalf("a refused cancel must fail naming the policy, the disk and the request: %v", resp.Diagnostics)
	}
}

// Moving the disk to another policy applies the new one (which replaces the old one) and never cancels, nor
// sends an empty policy ID; the state takes the new ID.
func TestAttachmentUpdate_movesByApplyingTheNewPolicy(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{"d-1": "sp-old"}}
	st := attachmentState(t, "sp-old", "d-1")
	resp := &resource.UpdateResponse{State: st}
	newAttachment(t, c).Update(context.Background(), resource.UpdateRequest{State: st, Plan: attachmentPlan(t, "sp-new", "d-1")}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.calls) != 1 || c.calls[0] != "Apply sp-new d-1" {
		t.Errorf("calls %v, want only Apply sp-new d-1", c.calls)
	}
	if m := stateModel(t, resp.State); m.ID.ValueString() != "sp-new:d-1" || m.AutoSnapshotPolicyID.ValueString() != "sp-new" {
		t.Errorf("state %+v", m)
	}
}

func TestAttachmentCreate_appliesAndSetsID(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{"d-1": ""}}
	plan := attachmentPlan(t, "sp-a", "d-1")
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: plan.Schema, Raw: tftypes.NewValue(plan.Raw.Type(), nil)}}
	newAttachment(t, c).Create(context.Background(), resource.CreateRequest{Plan: plan}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if c.policyOf["d-1"] != "sp-a" || stateModel(t, resp.State).ID.ValueString() != "sp-a:d-1" {
		t.Errorf("disk carries %q, state %+v", c.policyOf["d-1"], stateModel(t, resp.State))
	}

	c = &diskPolicyClient{policyOf: map[string]string{}, err: &client.APIError{Action: "ApplyAutoSnapshotPolicy", HTTPStatus: 404, Code: "InvalidDiskId.NotFound"}}
	resp = &resource.CreateResponse{State: tfsdk.State{Schema: plan.Schema, Raw: tftypes.NewValue(plan.Raw.Type(), nil)}}
	newAttachment(t, c).Create(context.Background(), resource.CreateRequest{Plan: plan}, resp)
	if !resp.Diagnostics.HasError() || !containsAll(resp.Diagnostics.Errors()[0].Detail(), "no disk d-1", "cn-hangzhou", "disk_id") {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
	if !resp.State.Raw.IsNull() {
		t.Error("a failed apply left an attachment in the state")
	}
}

// The attachment holds only while the disk carries its policy.
func TestAttachmentRead_cases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		policyOf map[string]string
		kept     bool
	}{
		{"carries it", map[string]string{"d-1": "sp-a"}, true},
		{"carries another", map[string]string{"d-1": "sp-b"}, false},
		{"carries none", map[string]string{"d-1": ""}, false},
		{"released", map[string]string{}, false},
	} {
		c := &diskPolicyClient{policyOf: tc.policyOf}
		st := attachmentState(t, "sp-a", "d-1")
		resp := &resource.ReadResponse{State: st}
		newAttachment(t, c).Read(context.Background(), resource.ReadRequest{State: st}, resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", tc.name, resp.Diagnostics)
		}
		if kept := !resp.State.Raw.IsNull(); kept != tc.kept {
			t.Errorf("%s: kept %v, want %v", tc.name, kept, tc.kept)
		}
	}
}

type failingDisks struct{ *diskPolicyClient }

func (failingDisks) DescribeDisks(context.Context, ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	return nil, errors.New("boom")
}

func TestAttachmentRead_errorKeepsState(t *testing.T) {
	c := failingDisks{&diskPolicyClient{policyOf: map[string]string{}}}
	r := framework.Configured(&autoSnapshotPolicyAttachmentResource{}, connstest.ECS(t, c))
	st := attachmentState(t, "sp-a", "d-1")
	resp := &resource.ReadResponse{State: st}
	r.Read(context.Background(), resource.ReadRequest{State: st}, resp)
	if !resp.Diagnostics.HasError() || resp.State.Raw.IsNull() {
		t.Fatal("an API error must not remove the attachment silently")
	}
}

func TestParseAttachmentID_form(t *testing.T) {
	if p, d, err := parseAttachmentID("sp-abc1:d-xyz2"); err != nil || p != "sp-abc1" || d != "d-xyz2" {
		t.Fatalf("got %q %q %v", p, d, err)
	}
	for _, id := range []string{"", "sp-a", "d-a:sp-a", "sp-a:d-b:c", "sp-a:", ":d-a", "sp-A:d-a", "sp-a,d-a", "s-a:d-a"} {
		_, _, err := parseAttachmentID(id)
		if err == nil {
			t.Errorf("%q accepted", id)
			continue
		}
		if !containsAll(err.Error(), `"`+id+`"`, "<auto_snapshot_policy_id>:<disk_id>", `"sp-"`, `"d-"`) {
			t.Errorf("%q: error %q does not name the value and the form", id, err)
		}
	}
}

func TestAttachmentImport_checksTheDiskCarriesThePolicy(t *testing.T) {
	c := &diskPolicyClient{policyOf: map[string]string{"d-1": "sp-a", "d-2": "sp-b", "d-3": ""}}
	s := attachmentSchema(t).Schema
	for _, tc := range []struct{ id, wantErr string }{
		{"sp-a:d-1", ""},
		{"sp-a:d-2", "carries policy sp-b, not sp-a"},
		{"sp-a:d-3", "carries no automatic snapshot policy"},
		{"sp-a:d-4", "no disk d-4"},
		{"d-1:sp-a", "is not <auto_snapshot_policy_id>:<disk_id>"},
	} {
		resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}}
		newAttachment(t, c).ImportState(context.Background(), resource.ImportStateRequest{ID: tc.id}, resp)
		if tc.wantErr == "" {
			if resp.Diagnostics.HasError() {
				t.Fatalf("%s: %v", tc.id, resp.Diagnostics)
			}
			if m := stateModel(t, resp.State); m.AutoSnapshotPolicyID.ValueString() != "sp-a" || m.DiskID.ValueString() != "d-1" || m.ID.ValueString() != "sp-a:d-1" {
				t.Errorf("%s: state %+v", tc.id, m)
			}
			continue
		}
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), tc.wantErr) {
			t.Errorf("%s: diagnostics %v, want %q", tc.id, resp.Diagnostics, tc.wantErr)
		}
	}
}

// The attributes' rules name the attribute, the form and the value.
func TestAttachmentSchema_idRules(t *testing.T) {
	s := attachmentSchema(t).Schema
	for _, tc := range []struct{ attr, value, wantRule string }{
		{"auto_snapshot_policy_id", "sp-bp1abc", ""},
		{"auto_snapshot_policy_id", "", `"sp-" followed by lower-case letters and digits`},
		{"auto_snapshot_policy_id", "SP-1", `"sp-" followed by lower-case letters and digits`},
		{"auto_snapshot_policy_id", "d-1", `"sp-" followed by lower-case letters and digits`},
		{"disk_id", "d-bp1abc", ""},
		{"disk_id", "d-Bad", `"d-" followed by lower-case letters and digits`},
		{"disk_id", "sp-1", `"d-" followed by lower-case letters and digits`},
	} {
		attr, ok := s.Attributes[tc.attr].(schema.StringAttribute)
		if !ok {
			t.Fatalf("%s is not a string attribute", tc.attr)
		}
		assertRule(t, runStringValidators(attr.Validators, tc.attr, tc.value), tc.attr, tc.value, tc.wantRule)
	}
}
