package framework

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// The wrapper hides none of the framework server's methods: terraform-plugin-go finds list resources, actions
// and state stores by asserting optional interfaces on the server it is given, which a wrapper with every method
// of the framework's satisfies whenever the framework's does.
func TestNewProtocol6Server_keepsEveryMethod(t *testing.T) {
	t.Parallel()
	p := thingProvider{spec: thingSpec(nil, nil)}
	fw, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := NewProtocol6Server(p, func() *conns.Client { return nil }, testPackage{p.spec})()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wrapped.(*expectingServer); !ok {
		t.Fatalf("the framework's server (%T) was not wrapped", fw)
	}
	fwType, wrappedType := reflect.TypeOf(fw), reflect.TypeOf(wrapped)
	for i := range fwType.NumMethod() {
		if m := fwType.Method(i); m.IsExported() {
			if _, ok := wrappedType.MethodByName(m.Name); !ok {
				t.Errorf("the wrapper hides %s", m.Name)
			}
		}
	}
}

// An upgrade of a registered resource's state expects its read, with the state as stored, once the provider is
// configured; the upgrade itself is answered either way.
func TestNewProtocol6Server_upgradeExpectsTheRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var expected []string
	var conn atomic.Pointer[conns.Client]
	spec := thingSpec(nil, nil)
	spec.ExpectRead = func(_ context.Context, c *conns.Client, s StoredState) {
		if c != conn.Load() {
			t.Errorf("expected with client %p, want the configured %p", c, conn.Load())
		}
		expected = append(expected, s.String("id")+"/"+s.String("name")+"/"+s.String("absent"))
	}
	p := thingProvider{spec: spec}
	s, err := NewProtocol6Server(p, conn.Load, testPackage{spec})()
	if err != nil {
		t.Fatal(err)
	}
	upgrade := func(typeName, state string) {
		t.Helper()
		resp, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName,
			RawState: &tfprotov6.RawState{JSON: []byte(state)}})
		if err != nil || len(resp.Diagnostics) > 0 || resp.UpgradedState == nil {
			t.Fatalf("upgrade of %s: %v %v", state, err, resp.Diagnostics)
		}
		v, err := resp.UpgradedState.Unmarshal(thingSchema().Type().TerraformType(ctx))
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		var id string
		if err := v.As(&attrs); err != nil || attrs["id"].As(&id) != nil || id == "" {
			t.Fatalf("upgraded state %v: %v", v, err)
		}
	}

	upgrade("aliecs_thing", `{"id":"s-early","name":null}`) // before ConfigureProvider: nothing to expect with
	conn.Store(connstest.ECS(t, nil))
	upgrade("aliecs_thing", `{"id":"s-one","name":"one"}`)
	if want := []string{"s-one/one/"}; !reflect.DeepEqual(expected, want) {
		t.Errorf("expected %q, want %q", expected, want)
	}
}

// ExpectByAttribute expects the read of the attribute's value, and nothing for a state without one.
func TestExpectByAttribute(t *testing.T) {
	t.Parallel()
	var got []string
	e := ExpectByAttribute(recordingExpecter{&got}, "disk_id")
	c := connstest.ECS(t, nil)
	e(context.Background(), c, decodeStoredState([]byte(`{"disk_id": "d-1", "id": "sp-1:d-1"}`)))
	e(context.Background(), c, decodeStoredState([]byte(`{"disk_id": null}`)))
	e(context.Background(), c, decodeStoredState([]byte(`{"disk_id": 7}`)))
	if want := []string{"/d-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("expected %q, want %q", got, want)
	}
}

type recordingExpecter struct{ got *[]string }

func (r recordingExpecter) Expect(_ context.Context, _ *conns.Client, region, key string) {
	*r.got = append(*r.got, region+"/"+key)
}
