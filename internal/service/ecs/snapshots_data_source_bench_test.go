package ecs

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// bigSnapshotList is what the emulator answers in make bench's scenario of 10,000 snapshots (40 disks of 250),
// newest first, so that the benchmarks below hold the same values the provider holds there.
func bigSnapshotList(n int) []ecsclient.Snapshot {
	newest := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]ecsclient.Snapshot, 0, n)
	for i := range n {
		created := newest.Add(-time.Duration(i) * time.Second)
		out = append(out, ecsclient.Snapshot{
			SnapshotID: fmt.Sprintf("s-bp%018d", i), SnapshotName: fmt.Sprintf("big-%03d-%03d", i/250, i%250),
			Status: "accomplished", Progress: 100, CreationTime: created, LastModifiedTime: created,
			SourceDiskID: fmt.Sprintf("d-bench%03d", i/250), SourceDiskSize: 40, SourceDiskType: "data", Available: true,
			SnapshotType: "user", Usage: "none", RegionID: connstest.Region, ResourceGroupID: "rg-acfmzw2jz2z4fxa",
			Category: "standard", SnapshotSN: fmt.Sprintf("64472-%d", 116742336+i),
			SnapshotLinkID: fmt.Sprintf("sl-bp%018d", i/250), Tags: map[string]string{},
		})
	}
	return out
}

// nullConfig is the configuration of a data source block with no argument set.
func nullConfig(ctx context.Context) tfsdk.Config {
	s := snapshotsDataSourceSchema()
	typ, _ := s.Type().TerraformType(ctx).(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, vals)}
}

// heapPeak samples the bytes in live and not yet swept heap objects until stop is called, which returns the most
// seen: what the heap held at its fullest, the figure RSS follows (GC headroom comes on top).
func heapPeak() (stop func() uint64) {
	var peak uint64
	done, quit := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-quit:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	return func() uint64 { close(quit); <-done; return peak }
}

// BenchmarkSnapshotsDataSourceRead10k splits the memory of a read of 10,000 snapshots (make bench, scenario 4)
// between the data source and the framework. provider: readSnapshots alone, with state_MiB the state it returns
// (what the framework holds for the rest of the call). rpc: the whole ReadDataSource call served through
// providerserver as terraform makes it, with the heap's peak; the difference is the framework's copies of that state
// (semantic equality, null-block reification, msgpack).
func BenchmarkSnapshotsDataSourceRead10k(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	c := &describeOnlyClient{result: bigSnapshotList(n)}
	b.Run("provider", func(b *testing.B) {
		config := nullConfig(ctx)
		var before, after runtime.MemStats
		for b.Loop() {
			runtime.GC()
			runtime.ReadMemStats(&before)
			state, diags := readSnapshots(ctx, c, config)
			runtime.GC()
			runtime.ReadMemStats(&after)
			if diags.HasError() {
				b.Fatal(diags)
			}
			runtime.KeepAlive(state)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "state_MiB")
	})
	b.Run("rpc", func(b *testing.B) {
		srv, err := providerserver.NewProtocol6WithError(&snapshotsOnlyProvider{meta: connstest.ECS(b, c)})()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
			b.Fatal(err)
		}
		empty := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
		providerConfig, err := tfprotov6.NewDynamicValue(empty, tftypes.NewValue(empty, map[string]tftypes.Value{}))
		if err != nil {
			b.Fatal(err)
		}
		if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
			b.Fatal(err, resp.Diagnostics)
		}
		config := nullConfig(ctx)
		dv, err := tfprotov6.NewDynamicValue(config.Raw.Type(), config.Raw)
		if err != nil {
			b.Fatal(err)
		}
		var peak uint64
		for b.Loop() {
			runtime.GC()
			stop := heapPeak()
			resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "aliecs_snapshots", Config: &dv})
			peak = max(peak, stop())
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatal(err, resp.Diagnostics)
			}
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MiB")
	})
}

// snapshotsOnlyProvider serves aliecs_snapshots alone, with meta as its configured client.
type snapshotsOnlyProvider struct{ meta *conns.Client }

func (p *snapshotsOnlyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "aliecs"
}

func (p *snapshotsOnlyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {
}

func (p *snapshotsOnlyProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.DataSourceData = p.meta
}

func (p *snapshotsOnlyProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *snapshotsOnlyProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource {
		return namedSnapshotsDataSource{newSnapshotsDataSourceOrPanic()}
	}}
}

// namedSnapshotsDataSource names the data source as the provider's registration does (framework.DataSourceSpec).
type namedSnapshotsDataSource struct{ *snapshotsDataSource }

func (namedSnapshotsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "aliecs_snapshots"
}

func newSnapshotsDataSourceOrPanic() *snapshotsDataSource {
	ds, ok := NewSnapshotsDataSource().(*snapshotsDataSource)
	if !ok {
		panic(fmt.Sprintf("NewSnapshotsDataSource returned %T", NewSnapshotsDataSource()))
	}
	return ds
}
