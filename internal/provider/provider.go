// Package provider is the aliecs provider: its schema, and Configure, which turns arguments, the
// environment and the Alibaba Cloud credential chain into one ecsclient.Client for every resource.
package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/service/ecs"
)

// TypeName is the provider's local name in configurations (aliecs_snapshot, aliecs_snapshots).
const TypeName = "aliecs"

// DefaultMaxRetries applies when max_retries is not set. A call is given up when every one of its attempts
// fails, so with a share p of calls failing transiently the chance is p^(retries+1) per call: at p = 30% (a bad
// day of throttling) 5 retries lose about 1 call in 1,400, which a plan of a few hundred calls hits often, while
// 15 lose 1 in 230 million. The backoff (capped at 10s) makes 15 retries ride out about a minute of throttling
// or an endpoint restart; the operation's timeout still bounds them all.
const DefaultMaxRetries = 15

var (
	_ provider.Provider                   = (*aliecsProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*aliecsProvider)(nil)
)

type aliecsProvider struct {
	version string
	factory ecsclient.Factory
	// configured is what the last successful Configure handed resources and data sources, nil before (or when
	// the configuration was not known yet); the server's own ReadDataSource reads with it (see server.go).
	configured atomic.Pointer[ecs.ProviderData]
}

// New returns the provider as served to Terraform, talking to ECS through the official SDK.
func New(version string) func() provider.Provider {
	return NewWithClientFactory(version, ecsclient.New)
}

// NewWithClientFactory returns the provider with another way to build its client; tests use it
// to wrap or replace the SDK-backed client.
func NewWithClientFactory(version string, f ecsclient.Factory) func() provider.Provider {
	return func() provider.Provider {
		return &aliecsProvider{version: version, factory: f}
	}
}

// providerModel mirrors the provider block.
type providerModel struct {
	Region        types.String `tfsdk:"region"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Profile       types.String `tfsdk:"profile"`
	Endpoint      types.String `tfsdk:"endpoint"`
	Insecure      types.Bool   `tfsdk:"insecure"`
	MaxRetries    types.Int64  `tfsdk:"max_retries"`
}

func (p *aliecsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

func (p *aliecsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attr := func(desc string) (string, string) { return plainText(desc), desc }
	regionD, regionMD := attr("The Alibaba Cloud region every call is made in, such as `cn-hangzhou`. " +
		"Falls back to the environment variables `ALIBABA_CLOUD_REGION_ID` and `ALICLOUD_REGION`, " +
		"then to the `region_id` of the Aliyun CLI profile in use (`~/.aliyun/config.json`).")
	akD, akMD := attr("The access key ID. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_ID`, then `ALICLOUD_ACCESS_KEY`. " +
		"Credentials are looked for in this order: `access_key`/`secret_key` arguments, the `profile` argument, the access key variables, " +
		"the profile variables, then the Alibaba Cloud default credential chain (OIDC role, current Aliyun CLI profile, " +
		"`~/.alibabacloud/credentials`, ECS instance RAM role). When none gives credentials, the error lists every place looked at.")
	skD, skMD := attr("The access key secret. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, then `ALICLOUD_SECRET_KEY`.")
	stD, stMD := attr("An STS security token, for temporary credentials (used with `access_key` and `secret_key`). " +
		"Falls back to `ALIBABA_CLOUD_SECURITY_TOKEN`, then `ALICLOUD_SECURITY_TOKEN`.")
	profD, profMD := attr("The name of a profile of the Aliyun CLI configuration (`~/.aliyun/config.json`, or `ALIBABA_CLOUD_CONFIG_FILE`), " +
		"or, when that file does not exist, of the credentials file (`~/.alibabacloud/credentials`, or `ALIBABA_CLOUD_CREDENTIALS_FILE`). " +
		"Used when no access key is given. Falls back to `ALIBABA_CLOUD_PROFILE`, then `ALICLOUD_PROFILE`.")
	epD, epMD := attr("The ECS API endpoint as a URL with scheme, such as `https://ecs.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:8699` " +
		"(the `ecs-emulator`). Default: the public endpoint of `region`. Falls back to `ALIECS_ENDPOINT`. " +
		"The scheme must be `https`, or `http` for a loopback host (`localhost`, `127.0.0.0/8`, `::1`); " +
		"plain `http` to any other host needs `insecure = true`.")
	insD, insMD := attr("Allow an `endpoint` with plain `http` to a host other than loopback. " +
		"Credentials are signed, not encrypted, so only use this on a network you trust. Default: `false`.")
	mrD, mrMD := attr(fmt.Sprintf("How many times one API call is retried after a transient error (throttling, 5xx, dropped connection), "+
		"with exponential backoff and jitter capped at 10 seconds; `0` disables retries. Retries also stop at the operation's timeout. "+
		"Default: `%d`, so that even when 30%% of calls fail (heavy throttling) a call is lost only once in hundreds of millions, "+
		"and about a minute of throttling or an endpoint restart is ridden out.", DefaultMaxRetries))

	resp.Schema = schema.Schema{
		Description: "The aliecs provider manages Alibaba Cloud ECS disk snapshots.",
		MarkdownDescription: "The `aliecs` provider manages Alibaba Cloud ECS disk snapshots. It can also talk to the " +
			"bundled `ecs-emulator`, to try it without an account.",
		Attributes: map[string]schema.Attribute{
			"region":         schema.StringAttribute{Optional: true, Description: regionD, MarkdownDescription: regionMD},
			"access_key":     schema.StringAttribute{Optional: true, Description: akD, MarkdownDescription: akMD},
			"secret_key":     schema.StringAttribute{Optional: true, Sensitive: true, Description: skD, MarkdownDescription: skMD},
			"security_token": schema.StringAttribute{Optional: true, Sensitive: true, Description: stD, MarkdownDescription: stMD},
			"profile":        schema.StringAttribute{Optional: true, Description: profD, MarkdownDescription: profMD},
			"endpoint": schema.StringAttribute{
				Optional: true, Description: epD, MarkdownDescription: epMD,
				Validators: []validator.String{endpointSyntaxValidator{}},
			},
			"insecure": schema.BoolAttribute{Optional: true, Description: insD, MarkdownDescription: insMD},
			"max_retries": schema.Int64Attribute{
				Optional: true, Description: mrD, MarkdownDescription: mrMD,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
	}
}

// ValidateConfig checks the rule that spans two arguments: plain http to a remote host needs insecure.
func (p *aliecsProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Endpoint.IsNull() || cfg.Endpoint.IsUnknown() || cfg.Insecure.IsUnknown() {
		return
	}
	if err := validateEndpoint(cfg.Endpoint.ValueString(), cfg.Insecure.ValueBool()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid endpoint", err.Error())
	}
}

func (p *aliecsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.configured.Store(nil)
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if unknown := cfg.unknownAttributes(); len(unknown) > 0 {
		// Values that come from resources not yet created: plan what needs no API, configure at apply.
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		subject := "argument " + unknown[0] + " depends"
		if len(unknown) > 1 {
			subject = "arguments " + strings.Join(unknown, ", ") + " depend"
		}
		resp.Diagnostics.AddWarning("Provider configuration not known yet",
			fmt.Sprintf("The aliecs provider's %s on values known only after apply, so the provider is not configured in this run. "+
				"New resources can be planned, but reading existing ones needs the API and will fail. "+
				"Apply the resources these values come from first (terraform apply -target=...), or use values known at plan time.",
				subject))
		return
	}

	settings := cfg.settings()
	resolved, problems := resolve(settings)
	if len(problems) > 0 {
		resp.Diagnostics.AddError("Cannot configure the aliecs provider", strings.Join(problems, "\n\n"))
		return
	}
	if resolved.Endpoint != "" {
		if err := validateEndpoint(resolved.Endpoint, settings.Insecure); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid endpoint",
				fmt.Sprintf("%s (from %s)", err, resolved.EndpointSource))
			return
		}
	}
	maxRetries := DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	clientRetries := maxRetries
	if clientRetries == 0 {
		// ecsclient reads 0 as "its default"; max_retries = 0 means none.
		clientRetries = -1
	}

	tflog.Info(ctx, "configuring the aliecs provider", map[string]any{
		"region": resolved.Region, "region_source": resolved.RegionSource,
		"credential_source": resolved.CredentialSource,
		"endpoint":          resolved.Endpoint, "max_retries": maxRetries,
	})
	client, err := p.factory(ctx, ecsclient.Config{
		Region:     resolved.Region,
		Endpoint:   resolved.Endpoint,
		Credential: resolved.Credential,
		MaxRetries: clientRetries,
		UserAgent:  userAgent(p.version, req.TerraformVersion),
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the ECS client", err.Error())
		return
	}
	// One value for every resource and data source of this provider, so that their lookups share calls.
	data := ecs.NewProviderData(client)
	resp.ResourceData = data
	resp.DataSourceData = data
	p.configured.Store(data)
}

func (p *aliecsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{ecs.NewSnapshotResource}
}

func (p *aliecsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{ecs.NewSnapshotsDataSource}
}

func (m providerModel) unknownAttributes() []string {
	var names []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"region": m.Region, "access_key": m.AccessKey, "secret_key": m.SecretKey, "security_token": m.SecurityToken,
		"profile": m.Profile, "endpoint": m.Endpoint, "insecure": m.Insecure, "max_retries": m.MaxRetries,
	} {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (m providerModel) settings() settings {
	return settings{
		Region:        m.Region.ValueString(),
		AccessKey:     m.AccessKey.ValueString(),
		SecretKey:     m.SecretKey.ValueString(),
		SecurityToken: m.SecurityToken.ValueString(),
		Profile:       m.Profile.ValueString(),
		Endpoint:      m.Endpoint.ValueString(),
		Insecure:      m.Insecure.ValueBool(),
	}
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-aliecs/" + version
	if terraformVersion != "" {
		ua += " terraform/" + terraformVersion
	}
	return ua
}

// plainText drops the Markdown backticks for the plain Description.
func plainText(md string) string { return strings.ReplaceAll(md, "`", "") }
