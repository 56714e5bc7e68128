package ecs

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// The resource (as imported, nothing configured) and the data source show one snapshot alike.
func TestFlattenSnapshot_agreesWithResource(t *testing.T) {
	for _, tc := range []struct {
		name        string
		category    string
		retention   int
		description string
	}{
		{"standard, nothing set", "standard", 0, ""},
		{"documented spelling from the API", "Standard", 0, ""},
		{"flash with retention", "flash", 7, "before upgrade"},
		{"archive", "archive", 65536, "kept"},
	} {
		api := apiSnapshot()
		api.Category, api.RetentionDays, api.Description = tc.category, tc.retention, tc.description
		res := flattenSnapshotResource(api, snapshotResourceModel{snapshotCore: snapshotCore{
			snapshotFields: snapshotFields{ID: types.StringValue(api.SnapshotID)}, Tags: types.MapNull(types.StringType),
		}})
		ds := flattenSnapshot(*api)
		if !res.Category.Equal(ds.Category) || !res.RetentionDays.Equal(ds.RetentionDays) || !res.Description.Equal(ds.Description) {
			t.Errorf("%s: resource shows category %s, retention_days %s, description %s; data source %s, %s, %s", tc.name,
				res.Category, res.RetentionDays, res.Description, ds.Category, ds.RetentionDays, ds.Description)
		}
		if want := strings.ToLower(tc.category); ds.Category.ValueString() != want {
			t.Errorf("%s: category %s, want %q (lower case, as the API answers)", tc.name, ds.Category, want)
		}
		if tc.retention == 0 && !ds.RetentionDays.IsNull() {
			t.Errorf("%s: no retention shown as %s, want null", tc.name, ds.RetentionDays)
		}
		if tc.description == "" && !ds.Description.IsNull() {
			t.Errorf("%s: no description shown as %s, want null", tc.name, ds.Description)
		}
	}
}

func TestExpandCategory_onlyFlashIsSent(t *testing.T) {
	for in, want := range map[types.String]string{
		types.StringValue("flash"): "Flash", types.StringValue("Flash"): "Flash", types.StringValue("FLASH"): "Flash",
		types.StringValue("standard"): "", types.StringValue("Standard"): "",
		types.StringNull(): "", types.StringUnknown(): "",
	} {
		if got := expandCategory(in); got != want {
			t.Errorf("expandCategory(%s) = %q, want %q", in, got, want)
		}
	}
}

// configOfResource is a configuration with the given values and every other attribute null.
func configOfResource(t *testing.T, values map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	s, typ := testSchemaObject(t)
	vals := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(attrType, nil)
		}
	}
	return tfsdk.Config{Schema: s.Schema, Raw: tftypes.NewValue(typ, vals)}
}

func TestFlashInstantAccessValidator_onlyFlashWithInstantAccess(t *testing.T) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	boolean := func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	for _, tc := range []struct {
		name    string
		values  map[string]tftypes.Value
		refused bool
	}{
		// What -generate-config-out writes for an imported snapshot.
		{"generated: category and instant_access false", map[string]tftypes.Value{"category": str("standard"), "instant_access": boolean(false)}, false},
		{"generated: instant access snapshot", map[string]tftypes.Value{"category": str("standard"), "instant_access": boolean(true)}, false},
		{"flash without instant access", map[string]tftypes.Value{"category": str("Flash"), "instant_access": boolean(false)}, false},
		{"instant access alone", map[string]tftypes.Value{"instant_access": boolean(true)}, false},
		{"flash with instant access", map[string]tftypes.Value{"category": str("flash"), "instant_access": boolean(true)}, true},
		{"FLASH with instant access", map[string]tftypes.Value{"category": str("FLASH"), "instant_access": boolean(true)}, true},
	} {
		resp := &resource.ValidateConfigResponse{}
		flashInstantAccessValidator{}.ValidateResource(context.Background(), resource.ValidateConfigRequest{Config: configOfResource(t, tc.values)}, resp)
		if resp.Diagnostics.HasError() != tc.refused {
			t.Errorf("%s: refused %v, want %v (%v)", tc.name, resp.Diagnostics.HasError(), tc.refused, resp.Diagnostics)
			continue
		}
		if tc.refused {
			d := resp.Diagnostics.Errors()[0].Detail()
			if !strings.Contains(d, "category") || !strings.Contains(d, "instant_access = true") {
				t.Errorf("%s: detail %q should name both attributes", tc.name, d)
			}
		}
	}
}

// A copy's wait is worded as the snapshot's, naming the copy and its resource type; a failed one gets no advice
// to keep it (replacing it is what the user needs).
func TestWaitSnapshotCreated_copyWording(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusProgressing, 40, 600)}}}
	_, err := waitSnapshotCreated(ctx, f.find, nil, (&fakeSleep{failAfter: 1, cancel: cancel}).sleep, kindSnapshotCopy, "s-1")
	for _, want := range []string{"cancelled waiting for snapshot copy s-1 to be created (last seen progressing at 40%, about 600s remaining)",
		"Snapshot copy s-1 is kept", "terraform untaint <address>", "aliecs_snapshot_copy.example", "next apply would delete it"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	f = &scriptedFinder{steps: []findStep{{snap: snap(statusFailed, 50, 0)}}}
	_, err = waitSnapshotCreated(context.Background(), f.find, nil, (&fakeSleep{}).sleep, kindSnapshotCopy, "s-1")
	if err == nil || !strings.Contains(err.Error(), `snapshot copy s-1 failed to be created (status "failed" at 50%)`) ||
		strings.Contains(err.Error(), "untaint") {
		t.Errorf("failed copy: %v", err)
	}
}

// The wait ended by an interrupt gets the advice in the error Terraform shows.
func TestSnapshotResourceCreate_interruptedSaysUntaint(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &stubClient{t: t,
		create: func(ecsclient.CreateSnapshotInput) (string, error) { return "s-interrupted", nil },
		describe: func(ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
			cancel()
			return []ecsclient.Snapshot{{SnapshotID: "s-interrupted", Status: statusProgressing, Progress: 40, RemainTime: 600}}, nil
		},
	}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, client))
	s, plan := planValue(t, map[string]tftypes.Value{"disk_id": tftypes.NewValue(tftypes.String, "d-1")})
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(plan.Type(), nil)}}
	r.Create(ctx, resource.CreateRequest{Plan: tfsdk.Plan{Schema: s.Schema, Raw: plan}}, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("an interrupted create must fail")
	}
	d := resp.Diagnostics.Errors()[0].Detail()
	if !strings.Contains(d, "cancelled waiting for snapshot s-interrupted") || !strings.Contains(d, "Snapshot s-interrupted is kept") ||
		!strings.Contains(d, "terraform untaint") {
		t.Errorf("detail %q should say the wait was cancelled, that the snapshot is kept, and how to keep it", d)
	}
}

type regionalStub struct{ *stubClient }

func (regionalStub) Region() string { return "cn-test" }

func importState(t *testing.T, r *snapshotResource, id string) *resource.ImportStateResponse {
	t.Helper()
	s, typ := testSchemaObject(t)
	resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}}
	r.ImportState(context.Background(), resource.ImportStateRequest{ID: id}, resp)
	return resp
}

func TestSnapshotResourceImportState_checksTheID(t *testing.T) {
	var asked []string
	client := &stubClient{t: t, describe: func(in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
		asked = append(asked, in.SnapshotIDs...)
		if len(in.SnapshotIDs) == 1 && in.SnapshotIDs[0] == "s-exists" {
			return []ecsclient.Snapshot{{SnapshotID: "s-exists", Status: statusAccomplished}}, nil
		}
		return nil, nil
	}}
	regional := regionalStub{client}
	r := framework.Configured(&snapshotResource{sleep: wait.Context}, connstest.ECS(t, regional))

	for _, bad := range []string{"snap-1", "S-EXISTS", "d-bp1", "s-", " s-exists"} {
		resp := importState(t, r, bad)
		if !resp.Diagnostics.HasError() {
			t.Errorf("import ID %q accepted", bad)
			continue
		}
		if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, `"`+bad+`"`) || !strings.Contains(d, `"s-" followed by lower-case letters and digits`) {
			t.Errorf("import ID %q: detail %q should name the ID and the expected form", bad, d)
		}
	}
	if len(asked) != 0 {
		t.Errorf("malformed IDs were looked up: %v", asked)
	}

	resp := importState(t, r, "s-missing0")
	if !resp.Diagnostics.HasError() {
		t.Fatal("importing a snapshot that does not exist succeeded")
	}
	if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, "s-missing0") || !strings.Contains(d, "there is no snapshot with this ID in region "+connstest.Region) {
		t.Errorf("detail %q should say in words that the snapshot does not exist, and where it was looked for", d)
	}

	resp = importState(t, r, "s-exists")
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var id types.String
	var force types.Bool
	resp.State.GetAttribute(context.Background(), path.Root("id"), &id)
	resp.State.GetAttribute(context.Background(), path.Root("force_delete"), &force)
	if id.ValueString() != "s-exists" || !force.Equal(types.BoolValue(false)) {
		t.Errorf("imported id %s, force_delete %s; want s-exists, false", id, force)
	}
}

// stateWithStatus is a stored snapshot in this status, or a null state when status is "".
func stateWithStatus(t *testing.T, status string, progress int) tfsdk.State {
	t.Helper()
	st := snapshotState(t, "s-1")
	if status == "" {
		st.Raw = tftypes.NewValue(st.Raw.Type(), nil)
		return st
	}
	if d := st.SetAttribute(context.Background(), path.Root("status"), status); d.HasError() {
		t.Fatal(d)
	}
	if d := st.SetAttribute(context.Background(), path.Root("progress"), int64(progress)); d.HasError() {
		t.Fatal(d)
	}
	return st
}

func TestSettledStatus_fromStateUnlessProgressing(t *testing.T) {
	_, plan := planValue(t, map[string]tftypes.Value{"disk_id": tftypes.NewValue(tftypes.String, "d-1")})
	for _, tc := range []struct {
		name     string
		status   string
		progress int
		known    bool
	}{
		{"accomplished", statusAccomplished, 100, true},
		{"failed (tainted: replaced, but planned as the state says if not)", statusFailed, 50, true},
		{"progressing (kept with terraform untaint)", statusProgressing, 40, false},
		{"create", "", 0, false},
	} {
		st := stateWithStatus(t, tc.status, tc.progress)
		stateStatus, stateProgress := types.StringNull(), types.Int64Null()
		if tc.status != "" {
			stateStatus, stateProgress = types.StringValue(tc.status), types.Int64Value(int64(tc.progress))
		}
		sresp := &planmodifier.StringResponse{PlanValue: types.StringUnknown()}
		settledStatusString{}.PlanModifyString(context.Background(), planmodifier.StringRequest{
			Path: path.Root("status"), State: st, StateValue: stateStatus, PlanValue: types.StringUnknown(),
			ConfigValue: types.StringNull(), Plan: tfsdk.Plan{Schema: st.Schema, Raw: plan},
		}, sresp)
		iresp := &planmodifier.Int64Response{PlanValue: types.Int64Unknown()}
		settledStatusInt64{}.PlanModifyInt64(context.Background(), planmodifier.Int64Request{
			Path: path.Root("progress"), State: st, StateValue: stateProgress, PlanValue: types.Int64Unknown(),
			ConfigValue: types.Int64Null(), Plan: tfsdk.Plan{Schema: st.Schema, Raw: plan},
		}, iresp)
		if sresp.Diagnostics.HasError() || iresp.Diagnostics.HasError() {
			t.Fatalf("%s: %v %v", tc.name, sresp.Diagnostics, iresp.Diagnostics)
		}
		if tc.known {
			if !sresp.PlanValue.Equal(stateStatus) || !iresp.PlanValue.Equal(stateProgress) {
				t.Errorf("%s: planned status %s, progress %s; want the state's %s, %s", tc.name, sresp.PlanValue, iresp.PlanValue, stateStatus, stateProgress)
			}
		} else if !sresp.PlanValue.IsUnknown() || !iresp.PlanValue.IsUnknown() {
			t.Errorf("%s: planned status %s, progress %s; want unknown", tc.name, sresp.PlanValue, iresp.PlanValue)
		}
	}
}

func TestKeepPlannedVolatile_plannedValuesWin(t *testing.T) {
	fromAPI := flattenSnapshotResource(apiSnapshot(), snapshotResourceModel{snapshotCore: snapshotCore{Tags: types.MapNull(types.StringType)}})
	fromAPI.Usage = types.StringValue("disk") // a disk was made from the snapshot after the plan
	plan := fromAPI
	plan.Usage, plan.Status, plan.Progress = types.StringValue("none"), types.StringValue(statusAccomplished), types.Int64Value(100)
	got := keepPlannedVolatile(fromAPI, plan)
	if got.Usage.ValueString() != "none" || got.Status.ValueString() != statusAccomplished || got.Progress.ValueInt64() != 100 {
		t.Errorf("got usage %s status %s progress %s, want the planned none, accomplished, 100", got.Usage, got.Status, got.Progress)
	}
	plan.Usage, plan.Status, plan.Progress = types.StringUnknown(), types.StringUnknown(), types.Int64Unknown()
	if got := keepPlannedVolatile(fromAPI, plan); got.Usage.ValueString() != "disk" {
		t.Errorf("unknown planned usage: got %s, want the API's disk", got.Usage)
	}
}
