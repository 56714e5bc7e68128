package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// The default fixture's running instance and its data disk.
const (
	readInstance = "i-bp1h6jmbefj2cyqs6vrq"
	readDisk     = "d-bp1c8n4x2w6yz0t5pq3s"
)

// readObjects makes one object of each resource type in s's emulator and returns each type's import ID.
func readObjects(t *testing.T, s *planServers) map[string]string {
	t.Helper()
	be, region := s.emu.Backend(), s.region
	be.SetSnapshotDuration(0)
	snap, err := be.CreateSnapshot(backend.CreateSnapshotInput{DiskID: readDisk, SnapshotName: "read-source", Description: "the source"})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := be.CopySnapshot(backend.CopySnapshotInput{RegionID: region, DestinationRegionID: region, SnapshotID: snap.SnapshotId,
		DestinationSnapshotName: "read-copy", DestinationSnapshotDescription: "the copy", Encrypted: "true"})
	if err != nil {
		t.Fatal(err)
	}
	policyIn := backend.CreateAutoSnapshotPolicyInput{RegionID: region}
	policyIn.Name, policyIn.TimePoints, policyIn.RepeatWeekdays, policyIn.RetentionDays = "read-policy", `["1"]`, `["1"]`, "7"
	policy, err := be.CreateAutoSnapshotPolicy(policyIn)
	if err != nil {
		t.Fatal(err)
	}
	attached := backend.CreateAutoSnapshotPolicyInput{RegionID: region}
	attached.Name, attached.TimePoints, attached.RepeatWeekdays, attached.RetentionDays = "read-attached", `["2"]`, `["2"]`, "7"
	other, err := be.CreateAutoSnapshotPolicy(attached)
	if err != nil {
		t.Fatal(err)
	}
	if err := be.ApplyAutoSnapshotPolicy(backend.ApplyAutoSnapshotPolicyInput{RegionID: region,
		AutoSnapshotPolicyID: other.AutoSnapshotPolicyId, DiskIDs: fmt.Sprintf("[%q]", readDisk)}); err != nil {
		t.Fatal(err)
	}
	group, err := be.CreateSnapshotGroup(backend.CreateSnapshotGroupInput{RegionID: region, InstanceID: readInstance, Name: "read-group"})
	if err != nil {
		t.Fatal(err)
	}
	desktop, err := s.emu.ECD().CreateSnapshot(ecdbackend.CreateSnapshotInput{RegionID: region, DesktopID: ecdbackend.DesktopRunning,
		SnapshotName: "read-desktop", SourceDiskType: "Data"})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"aliecs_snapshot":                        snap.SnapshotId,
		"aliecs_snapshot_copy":                   cp.SnapshotId,
		"aliecs_auto_snapshot_policy":            policy.AutoSnapshotPolicyId,
		"aliecs_auto_snapshot_policy_attachment": other.AutoSnapshotPolicyId + ":" + readDisk,
		"aliecs_snapshot_group":                  group.SnapshotGroupId,
		"aliecs_desktop_snapshot":                desktop.SnapshotID,
	}
}

// readObject is an object as the variants start from: its state and identity after the framework's read of its
// import, and their types.
type readObject struct {
	settled, identity tftypes.Value
	typ, identityType tftypes.Object
}

// readVariant makes a read request from an object; false when it does not apply to the object's type.
type readVariant struct {
	name string
	// byKit says the kit answers the read itself (else it leaves it to the framework).
	byKit bool
	make  func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool)
}

// withString is v with its string attribute name set to value; false when v has none.
func withString(v tftypes.Value, name, value string) (tftypes.Value, bool) {
	var m map[string]tftypes.Value
	if v.As(&m) != nil {
		return v, false
	}
	if a, ok := m[name]; !ok || !a.Type().Is(tftypes.String) || a.IsNull() {
		return v, false
	}
	m[name] = tftypes.NewValue(tftypes.String, value)
	return tftypes.NewValue(v.Type(), m), true
}

func stringOf(v tftypes.Value, name string) string {
	var m map[string]tftypes.Value
	var out string
	if v.As(&m) == nil && m[name].Type() != nil && m[name].Type().Is(tftypes.String) {
		_ = m[name].As(&out)
	}
	return out
}

// missing is id (or each part of a composite one) changed into an ID of the same form that no object has.
func missing(id string) string {
	parts := strings.Split(id, ":")
	for i, p := range parts {
		if len(p) > 4 {
			parts[i] = p[:len(p)-4] + "zzzz"
		}
	}
	return strings.Join(parts, ":")
}

func (o readObject) request(t *testing.T, state tftypes.Value) *tfprotov6.ReadResourceRequest {
	t.Helper()
	return &tfprotov6.ReadResourceRequest{CurrentState: dynamic(t, o.typ, state)}
}

// withIdentity is r sending identity as terraform 1.12+ does.
func (o readObject) withIdentity(t *testing.T, r *tfprotov6.ReadResourceRequest, identity tftypes.Value) *tfprotov6.ReadResourceRequest {
	t.Helper()
	r.CurrentIdentity = &tfprotov6.ResourceIdentityData{IdentityData: dynamic(t, o.identityType, identity)}
	return r
}

// gone is the settled state and identity changed to name an object of the same type that does not exist.
func (o readObject) gone() (state, identity tftypes.Value) {
	state, identity = o.settled, o.identity
	for _, name := range []string{"id", "auto_snapshot_policy_id"} {
		state, _ = withString(state, name, missing(stringOf(state, name)))
	}
	for name := range o.identityType.AttributeTypes {
		if name != "region" {
			identity, _ = withString(identity, name, missing(stringOf(identity, name)))
		}
	}
	return state, identity
}

var readVariants = []readVariant{
	{name: "settled, terraform before 1.12 (no identity)", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			return o.request(t, o.settled), true
		}},
	{name: "settled, terraform 1.12+ sends the identity", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			return o.withIdentity(t, o.request(t, o.settled), o.identity), true
		}},
	{name: "changed outside terraform (the state is stale)", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			for _, name := range []string{"description", "snapshot_name", "name"} {
				if v, ok := withString(o.settled, name, "stale"); ok {
					return o.request(t, v), true
				}
			}
			return nil, false
		}},
	{name: "gone", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			state, _ := o.gone()
			return o.request(t, state), true
		}},
	{name: "gone, with its identity", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			state, identity := o.gone()
			return o.withIdentity(t, o.request(t, state), identity), true
		}},
	{name: "a stored identity of another region (a provider bug the framework names)", byKit: true,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			other, ok := withString(o.identity, "region", "cn-beijing")
			if !ok {
				return nil, false
			}
			return o.withIdentity(t, o.request(t, o.settled), other), true
		}},
	{name: "private state (left to the framework)", byKit: false,
		make: func(t *testing.T, o readObject) (*tfprotov6.ReadResourceRequest, bool) {
			r := o.request(t, o.settled)
			r.Private = []byte(`{"adopted":"dHJ1ZQ=="}`)
			return r, true
		}},
}

// Every resource type's reads: the kit's answer is the framework's, field by field (the state and identity byte for
// byte), for an object of each type read as terraform reads it in every variant above, with and without the
// provider's default tags; and the kit does answer them itself (its DEBUG log says so), except those it must leave.
func TestKitRead_sameAsTheFrameworks(t *testing.T) {
	for _, defaultTags := range []bool{false, true} {
		s := newPlanServers(t, defaultTags)
		ids := readObjects(t, s)
		types := resourceTypes(func(framework.ResourceSpec) bool { return true })
		if len(ids) != len(types) {
			t.Fatalf("objects made for %d types, the provider has %d", len(ids), len(types))
		}
		for _, typeName := range types {
			o := importedObject(t, s, typeName, ids[typeName])
			for _, v := range readVariants {
				req, ok := v.make(t, o)
				if !ok {
					continue
				}
				req.TypeName = typeName
				t.Run(fmt.Sprintf("default tags %v/%s/%s", defaultTags, typeName, v.name), func(t *testing.T) {
					kit, fw, byKit := bothAnswer(t, "read answered by the kit", req, s.kit.ReadResource, s.fw.ReadResource)
					if byKit != v.byKit {
						t.Errorf("the kit answered itself: %v, want %v", byKit, v.byKit)
					}
					if got, want := describeRead(t, o, kit), describeRead(t, o, fw); got != want {
						t.Errorf("the kit answered\n%s\nthe framework\n%s", got, want)
					}
				})
			}
		}
	}
}

// bothAnswer sends req to the kit's server (kit, with a context whose log it reads) and to the framework's (fw), and
// reports whether the kit's DEBUG log says it answered itself (message).
func bothAnswer[Req, Resp any](t *testing.T, message string, req Req, kit, fw func(context.Context, Req) (Resp, error)) (kitResp, fwResp Resp, byKit bool) {
	t.Helper()
	var logs bytes.Buffer
	kitResp, err := kit(tflogtest.RootLogger(context.Background(), &logs), req)
	if err != nil {
		t.Fatal(err)
	}
	if fwResp, err = fw(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	return kitResp, fwResp, strings.Contains(logs.String(), message)
}

// importedObject is the object of typeName with import ID id, as the framework imports and then reads it.
func importedObject(t *testing.T, s *planServers, typeName, id string) readObject {
	t.Helper()
	ctx := context.Background()
	o := readObject{typ: objectType(t, s.schemas.ResourceSchemas[typeName].ValueType()),
		identityType: objectType(t, s.ids.IdentitySchemas[typeName].ValueType())}
	imp, err := s.fw.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
	if err != nil || diagsErr(imp.Diagnostics) != "" || len(imp.ImportedResources) != 1 {
		t.Fatalf("import of %s %s: %v %s", typeName, id, err, diagsErr(imp.Diagnostics))
	}
	in := imp.ImportedResources[0]
	read, err := s.fw.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: in.State,
		CurrentIdentity: in.Identity, Private: in.Private})
	if err != nil || diagsErr(read.Diagnostics) != "" {
		t.Fatalf("read of %s %s: %v %s", typeName, id, err, diagsErr(read.Diagnostics))
	}
	if o.settled, err = read.NewState.Unmarshal(o.typ); err != nil {
		t.Fatal(err)
	}
	if o.identity, err = read.NewIdentity.IdentityData.Unmarshal(o.identityType); err != nil {
		t.Fatal(err)
	}
	// An imported group keeps private state (its create-only arguments are adopted at the next apply); the
	// variants read the object without it, as one terraform created, unless they say otherwise.
	if o.settled.IsNull() {
		t.Fatalf("the framework's read of the imported %s %s found nothing", typeName, id)
	}
	return o
}

// describeRead is every field of a read's answer, as text to compare and show.
func describeRead(t *testing.T, o readObject, r *tfprotov6.ReadResourceResponse) string {
	t.Helper()
	var b strings.Builder
	state, identity := "nil", "nil"
	if r.NewState != nil {
		v, err := r.NewState.Unmarshal(o.typ)
		if err != nil {
			t.Fatal(err)
		}
		state = fmt.Sprintf("%v (msgpack %x)", v, r.NewState.MsgPack)
	}
	if r.NewIdentity != nil && r.NewIdentity.IdentityData != nil {
		v, err := r.NewIdentity.IdentityData.Unmarshal(o.identityType)
		if err != nil {
			t.Fatal(err)
		}
		identity = fmt.Sprintf("%v (msgpack %x)", v, r.NewIdentity.IdentityData.MsgPack)
	}
	fmt.Fprintf(&b, "state %s\nidentity %s\nprivate %q\ndeferred %v\n", state, identity, r.Private, r.Deferred)
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "diagnostic %v %q %q at %v\n", d.Severity, d.Summary, d.Detail, d.Attribute)
	}
	return b.String()
}
