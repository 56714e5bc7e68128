package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// newTestServer is the server main.go serves, and the framework's server inside it, which counts the reads
// the server hands it.
func newTestServer(t *testing.T) (*server, *countingServer) {
	t.Helper()
	s, ok := NewProtocol6(NewWithClientFactory("test", ecsclient.New))().(*server)
	if !ok || s.provider == nil {
		t.Fatal("NewProtocol6 did not wrap the aliecs provider")
	}
	framework := &countingServer{ProviderServer: s.ProviderServer}
	s.ProviderServer = framework
	return s, framework
}

type countingServer struct {
	tfprotov6.ProviderServer
	reads int
}

func (c *countingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	c.reads++
	return c.ProviderServer.ReadDataSource(ctx, req)
}

// requestID differs from call to call.
var requestID = regexp.MustCompile(`request ID [0-9A-F-]+`)

// objectValue is a value of typ with the given attributes and every other one null.
func objectValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %s", name)
		}
		vals[name] = v
	}
	return tftypes.NewValue(obj, vals)
}

func dynamicValue(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// schemaTypes are the provider's and aliecs_snapshots' value types.
func schemaTypes(t *testing.T, s tfprotov6.ProviderServer) (providerType, snapshotsType tftypes.Type) {
	t.Helper()
	resp, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	return resp.Provider.ValueType(), resp.DataSourceSchemas[snapshotsTypeName].ValueType()
}

// startEmulatorWithSnapshots serves an emulator holding a few snapshots of every disk that takes them,
// with names, descriptions and tags that differ.
func startEmulatorWithSnapshots(t *testing.T) *emulator.TestServer {
	t.Helper()
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	created := 0
	for i, d := range backend.DefaultFixture().Disks {
		for j := range 3 {
			_, err := ts.Backend().CreateSnapshot(backend.CreateSnapshotInput{
				DiskID: d.DiskID, SnapshotName: fmt.Sprintf("snap-%d-%d", i, j), Description: fmt.Sprintf("disk %s", d.DiskID),
				Tags: []backend.Tag{{Key: "env", Value: fmt.Sprint("e", j)}, {Key: "disk", Value: d.DiskID}},
			})
			if err != nil {
				break // this disk takes no snapshots
			}
			created++
		}
	}
	if created < 4 {
		t.Fatalf("the fixture took only %d snapshots", created)
	}
	return ts
}

func configureWithEmulator(t *testing.T, s tfprotov6.ProviderServer, providerType tftypes.Type, ts *emulator.TestServer) {
	t.Helper()
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, providerType, objectValue(t, providerType, map[string]tftypes.Value{
			"region": str(ts.Region), "endpoint": str(ts.URL), "access_key": str(ts.AccessKeyID), "secret_key": str(ts.AccessKeySecret),
		})),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
}

func readSnapshots(t *testing.T, s tfprotov6.ProviderServer, typ tftypes.Type, config tftypes.Value) (*tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	resp, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: snapshotsTypeName, Config: dynamicValue(t, typ, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.State == nil {
		return nil, resp.Diagnostics
	}
	v, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return &v, resp.Diagnostics
}

// The server's own ReadDataSource answers what the framework answers, for successes and for errors.
func TestServerReadDataSource_sameStateAsTheFramework(t *testing.T) {
	ts := startEmulatorWithSnapshots(t)
	s, framework := newTestServer(t)
	providerType, typ := schemaTypes(t, s)
	configureWithEmulator(t, s, providerType, ts)

	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	for name, set := range map[string]map[string]tftypes.Value{
		"everything":           nil,
		"name_regex":           {"name_regex": str("^snap-[0-9]+-[12]$")},
		"most_recent":          {"most_recent": tftypes.NewValue(tftypes.Bool, true)},
		"tags":                 {"tags": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"env": str("e1")})},
		"nothing found":        {"snapshot_name": str("no-such-name")},
		"invalid time (error)": {"creation_start_time": str("yesterday")},
		"invalid regex(error)": {"name_regex": str("(")},
		"api error":            {"snapshot_link_id": str("sl-nope")},
		"dry run":              {"dry_run": tftypes.NewValue(tftypes.Bool, true)},
	} {
		t.Run(name, func(t *testing.T) {
			config := objectValue(t, typ, set)
			got, gotDiags := readSnapshots(t, s, typ, config)
			if framework.reads != 0 {
				t.Fatal("the server handed the read to the framework")
			}
			want, wantDiags := readSnapshots(t, framework.ProviderServer, typ, config)
			if strings.Contains(name, "error") && len(wantDiags) == 0 {
				t.Fatal("the framework read gave no error")
			}
			if name == "invalid time (error)" && (len(gotDiags) == 0 || gotDiags[0].Attribute == nil) {
				t.Fatalf("the error does not name its attribute: %v", diagStrings(gotDiags))
			}
			for _, d := range append(gotDiags, wantDiags...) {
				d.Detail = requestID.ReplaceAllString(d.Detail, "request ID X")
			}
			if !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Fatalf("diagnostics differ:\n got  %v\n want %v", diagStrings(gotDiags), diagStrings(wantDiags))
			}
			if (got == nil) != (want == nil) {
				t.Fatalf("state: got %v, want %v", got, want)
			}
			if got == nil {
				return
			}
			if !got.Equal(*want) {
				diffs, err := got.Diff(*want)
				t.Fatalf("states differ (%v): %v", err, diffs)
			}
			var attrs map[string]tftypes.Value
			if err := got.As(&attrs); err != nil {
				t.Fatal(err)
			}
			if name == "everything" && !attrs["total_count"].Equal(tftypes.NewValue(tftypes.Number, len(ts.Backend().Snapshots()))) {
				t.Fatalf("total_count %v, want %d", attrs["total_count"], len(ts.Backend().Snapshots()))
			}
		})
	}
}

func diagStrings(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%v %q %q %v", d.Severity, d.Summary, d.Detail, d.Attribute))
	}
	return out
}

// Before the provider is configured, or when its configuration is not known yet, the framework reads.
func TestServerReadDataSource_unconfiguredDelegates(t *testing.T) {
	ts := startEmulatorWithSnapshots(t)
	s, framework := newTestServer(t)
	providerType, typ := schemaTypes(t, s)

	_, diags := readSnapshots(t, s, typ, objectValue(t, typ, nil))
	if len(diags) != 1 || diags[0].Summary != "Provider not configured" || framework.reads != 1 {
		t.Fatalf("unconfigured: want the framework's read (%d) and the data source's own error, got %v", framework.reads, diagStrings(diags))
	}

	// Configured, then configured again with an unknown value: the framework defers the read.
	configureWithEmulator(t, s, providerType, ts)
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, providerType, objectValue(t, providerType, map[string]tftypes.Value{
			"region": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		})),
		ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: true},
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	read, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: snapshotsTypeName, Config: dynamicValue(t, typ, objectValue(t, typ, nil)),
		ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if read.Deferred == nil || read.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown || framework.reads != 2 {
		t.Fatalf("want the framework's deferral, got %+v (diagnostics %v)", read.Deferred, diagStrings(read.Diagnostics))
	}
}
