package ecs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

var (
	_ datasource.DataSource                     = (*snapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*snapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*snapshotsDataSource)(nil)
)

// snapshotsDataSource is aliecs_snapshots.
type snapshotsDataSource struct {
	client ecsclient.Client
}

// NewSnapshotsDataSource returns the aliecs_snapshots data source.
func NewSnapshotsDataSource() datasource.DataSource {
	return &snapshotsDataSource{}
}

func (d *snapshotsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_snapshots"
}

func (d *snapshotsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = snapshotsDataSourceSchema()
}

func (d *snapshotsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{creationWindowValidator{}}
}

func (d *snapshotsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	// Validation runs before the provider is configured, with no ProviderData yet.
	if req.ProviderData == nil {
		return
	}
	d.client, _ = providerData(req.ProviderData, "aliecs_snapshots", &resp.Diagnostics)
}

func (d *snapshotsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientReady(d.client, &resp.Diagnostics) {
		return
	}
	state, diags := ReadSnapshots(ctx, d.client, req.Config)
	resp.Diagnostics.Append(diags...)
	resp.State.Raw = state
}

// SnapshotsDataSourceSchema is aliecs_snapshots' schema, for the provider's own ReadDataSource (see
// provider.NewProtocol6), which decodes the configuration without the framework.
func SnapshotsDataSourceSchema() schema.Schema { return snapshotsDataSourceSchema() }

// ReadSnapshots is aliecs_snapshots' read, shared by the data source's Read and the provider's own
// ReadDataSource: it lists the snapshots the configuration asks for through client and returns the whole
// state. With errors, the state is the configuration unchanged, as the framework leaves it when Read fails.
func ReadSnapshots(ctx context.Context, client ecsclient.Client, config tfsdk.Config) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	var m snapshotsDataSourceModel
	diags.Append(config.Get(ctx, &m)...)
	if diags.HasError() {
		return config.Raw, diags
	}
	in, expandDiags := expandSnapshotsFilter(ctx, m)
	diags.Append(expandDiags...)
	var nameRegex *regexp.Regexp
	if !m.NameRegex.IsNull() {
		var err error
		if nameRegex, err = regexp.Compile(m.NameRegex.ValueString()); err != nil {
			diags.AddError("Invalid name_regex", err.Error())
		}
	}
	if diags.HasError() {
		return config.Raw, diags
	}

	found, err := client.DescribeSnapshots(ctx, in)
	switch {
	case err != nil && in.DryRun && ecsclient.IsDryRunOK(err):
		tflog.Info(ctx, "DescribeSnapshots dry run passed; the result is empty by design")
		found = nil
	case err != nil:
		diags.AddError("Cannot list snapshots", err.Error())
		return config.Raw, diags
	}

	selected := selectSnapshots(found, nameRegex, m.MostRecent.ValueBool())
	m.IDs, m.Names = flattenIDsAndNames(selected)
	m.Snapshots = []snapshotModel{} // written below by setSnapshotsList, without the framework's reflection
	m.TotalCount = types.Int64Value(int64(len(selected)))
	id, err := snapshotsQueryID(client.Region(), in, m.NameRegex.ValueString(), m.MostRecent.ValueBool())
	if err != nil {
		diags.AddError("Cannot compute the data source ID", err.Error())
		return config.Raw, diags
	}
	m.ID = types.StringValue(id)
	tflog.Debug(ctx, "aliecs_snapshots read", map[string]any{"returned": len(found), "selected": len(selected)})
	state := tfsdk.State(config) // the framework starts the state from the configuration too
	diags.Append(state.Set(ctx, &m)...)
	if diags.HasError() {
		return config.Raw, diags
	}
	if err := setSnapshotsList(ctx, &state, selected); err != nil {
		diags.AddError("Cannot write the snapshots found", fmt.Sprintf("%s. This is a bug in the provider.", err))
		return config.Raw, diags
	}
	return state.Raw, diags
}

// snapshotsQueryID hashes what was asked (region, the API input, the client-side arguments) rather than what
// was found, so the ID of a data source does not change each time a matching snapshot appears.
func snapshotsQueryID(region string, in ecsclient.DescribeSnapshotsInput, nameRegex string, mostRecent bool) (string, error) {
	query := struct {
		Region     string
		Input      ecsclient.DescribeSnapshotsInput
		NameRegex  string
		MostRecent bool
	}{region, in, nameRegex, mostRecent}
	b, err := json.Marshal(query) // maps are encoded with sorted keys: the same query, the same bytes
	if err != nil {
		return "", fmt.Errorf("encoding the snapshots query: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}
