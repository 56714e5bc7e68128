// Package provider is the aliecs provider: its schema, and Configure, which turns arguments, the
// environment and the Alibaba Cloud credential chain into the one conns.Client that every resource, data
// source, list resource and action of the service packages shares.
package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/service/ecd"
	"github.com/aliecs/terraform-provider-aliecs/internal/service/ecs"
	"github.com/aliecs/terraform-provider-aliecs/internal/service/sts"
)

// TypeName is the provider's local name in configurations (aliecs_snapshot, aliecs_snapshots).
const TypeName = "aliecs"

var (
	_ provider.Provider                   = (*aliecsProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*aliecsProvider)(nil)
	_ provider.ProviderWithListResources  = (*aliecsProvider)(nil)
	_ provider.ProviderWithActions        = (*aliecsProvider)(nil)
)

type aliecsProvider struct {
	version   string
	factories conns.Factories
	// configured is the client Configure built, for the protocol server's expected reads (NewServer).
	configured atomic.Pointer[conns.Client]
}

// NewServer returns the provider's protocol 6 server as terraform talks to it: main serves it, and the acceptance
// tests' provider factories use it, so that both run the same server (framework.NewProtocol6Server). f builds
// the product clients as in NewWithFactories.
func NewServer(version string, f conns.Factories) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &aliecsProvider{version: version, factories: f}
		return framework.NewProtocol6Server(p, p.configured.Load, servicePackages...)()
	}
}

// New returns the provider, talking to the APIs through the official SDKs, for tests of its schema and
// Configure; Terraform is served NewServer's protocol server, which wraps the same provider.
func New(version string) func() provider.Provider {
	return NewWithFactories(version, conns.Factories{})
}

// NewWithFactories returns the provider with other ways to build its product clients (a nil one is the
// SDK's); tests use it to wrap or replace the SDK-backed clients.
func NewWithFactories(version string, f conns.Factories) func() provider.Provider {
	return func() provider.Provider {
		return &aliecsProvider{version: version, factories: f}
	}
}

// providerModel mirrors the provider block.
type providerModel struct {
	Region        types.String    `tfsdk:"region"`
	AccessKey     types.String    `tfsdk:"access_key"`
	SecretKey     types.String    `tfsdk:"secret_key"`
	SecurityToken types.String    `tfsdk:"security_token"`
	Profile       types.String    `tfsdk:"profile"`
	Endpoint      types.String    `tfsdk:"endpoint"`
	Endpoints     *endpointsModel `tfsdk:"endpoints"`
	Insecure      types.Bool      `tfsdk:"insecure"`
	MaxRetries    types.Int64     `tfsdk:"max_retries"`

	// Role credentials (assume_role.go).
	ECSRoleName types.String     `tfsdk:"ecs_role_name"`
	AssumeRole  *assumeRoleModel `tfsdk:"assume_role"`

	// Tag blocks (tags.go).
	DefaultTags *defaultTagsModel `tfsdk:"default_tags"`
	IgnoreTags  *ignoreTagsModel  `tfsdk:"ignore_tags"`
}

// endpointsModel mirrors the endpoints block; nil when the block is absent.
type endpointsModel struct {
	ECS types.String `tfsdk:"ecs"`
	STS types.String `tfsdk:"sts"`
	ECD types.String `tfsdk:"ecd"`
}

// endpointArguments are the endpoint arguments by their path in the configuration, for validation.
func (m providerModel) endpointArguments() map[string]types.String {
	args := map[string]types.String{"endpoint": m.Endpoint}
	if m.Endpoints != nil {
		args["endpoints.ecs"], args["endpoints.sts"], args["endpoints.ecd"] = m.Endpoints.ECS, m.Endpoints.STS, m.Endpoints.ECD
	}
	return args
}

func (p *aliecsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

func (p *aliecsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attr := schemas.Described
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
	const endpointRule = "The scheme must be `https`, or `http` for a loopback host (`localhost`, `127.0.0.0/8`, `::1`); " +
		"plain `http` to any other host needs `insecure = true`."
	epD, epMD := attr("The ECS API endpoint as a URL with scheme, such as `https://ecs.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:8699` " +
		"(the `ecs-emulator`): a shorthand for `endpoints { ecs = ... }`, and not allowed together with it. " +
		"Default: the public endpoint of the region a call is made in. Falls back to `ALIECS_ENDPOINT`. " + endpointRule)
	epsD, epsMD := attr("Endpoint overrides per API product, as URLs with scheme (the `ecs-emulator` serves every product on one port). " +
		"An override is used for every region, including the other regions some resources work in. " + endpointRule)
	epECSD, epECSMD := attr("The ECS API endpoint (snapshots, policies, copies, groups). Same as the `endpoint` argument. " +
		"Default: `https://ecs.<region>.aliyuncs.com`. Falls back to `ALIECS_ENDPOINT`.")
	epSTSD, epSTSMD := attr("The STS API endpoint (`aliecs_caller_identity`, and AssumeRole for `assume_role`, which the credentials " +
		"library calls over `https` only: then an `https` URL is required). " +
		"Default: `https://sts.<region>.aliyuncs.com`. Falls back to `ALIECS_STS_ENDPOINT`.")
	epECDD, epECDMD := attr("The Elastic Desktop (ECD) API endpoint. " +
		"Default: `https://ecd.<region>.aliyuncs.com`. Falls back to `ALIECS_ECD_ENDPOINT`.")
	insD, insMD := attr("Allow an `endpoint` with plain `http` to a host other than loopback. " +
		"Credentials are signed, not encrypted, so only use this on a network you trust. Default: `false`.")
	mrD, mrMD := attr(fmt.Sprintf("How many times one API call is retried after a transient error (throttling, 5xx, dropped connection), "+
		"with exponential backoff and jitter capped at 10 seconds; `0` disables retries. Retries also stop at the operation's timeout. "+
		"Default: `%d`, so that even when 30%% of calls fail (heavy throttling) a call is lost only once in hundreds of millions, "+
		"and about a minute of throttling is ridden out. "+
		"A refused connection (nothing listening at the endpoint, as while it restarts) is retried by time instead: "+
		"for %s after the call's first refusal, with waits of at most 2 seconds and a warning logged per retry (`TF_LOG=WARN`), "+
		"whatever `max_retries` is above `0`; then the error names the endpoint. "+
		"An endpoint whose host name does not resolve fails at once, without retries.",
		client.DefaultMaxRetries, client.DefaultRefusedBudget))

	resp.Schema = schema.Schema{
		Description: "The aliecs provider manages Alibaba Cloud snapshots: ECS disk snapshots, their copies, automatic " +
			"snapshot policies and snapshot-consistent groups, and Elastic Desktop snapshots.",
		MarkdownDescription: "The `aliecs` provider manages Alibaba Cloud snapshots: ECS disk snapshots, their copies, automatic " +
			"snapshot policies and snapshot-consistent groups, and Elastic Desktop snapshots. It can also talk to the " +
			"bundled `ecs-emulator`, to try it without an account.",
		Attributes: map[string]schema.Attribute{
			"region":         schema.StringAttribute{Optional: true, Description: regionD, MarkdownDescription: regionMD},
			"access_key":     schema.StringAttribute{Optional: true, Description: akD, MarkdownDescription: akMD},
			"secret_key":     schema.StringAttribute{Optional: true, Sensitive: true, Description: skD, MarkdownDescription: skMD},
			"security_token": schema.StringAttribute{Optional: true, Sensitive: true, Description: stD, MarkdownDescription: stMD},
			"profile":        schema.StringAttribute{Optional: true, Description: profD, MarkdownDescription: profMD},
			"ecs_role_name":  ecsRoleNameAttribute(),
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
		Blocks: map[string]schema.Block{
			"assume_role":  assumeRoleBlock(),
			"default_tags": tagsBlocks()["default_tags"],
			"ignore_tags":  tagsBlocks()["ignore_tags"],
			"endpoints": schema.SingleNestedBlock{
				Description: epsD, MarkdownDescription: epsMD,
				Attributes: map[string]schema.Attribute{
					"ecs": schema.StringAttribute{Optional: true, Description: epECSD, MarkdownDescription: epECSMD,
						Validators: []validator.String{endpointSyntaxValidator{}}},
					"sts": schema.StringAttribute{Optional: true, Description: epSTSD, MarkdownDescription: epSTSMD,
						Validators: []validator.String{endpointSyntaxValidator{}}},
					"ecd": schema.StringAttribute{Optional: true, Description: epECDD, MarkdownDescription: epECDMD,
						Validators: []validator.String{endpointSyntaxValidator{}}},
				},
			},
		},
	}
}

// ValidateConfig checks the rules that span arguments: plain http to a remote host needs insecure, and ECS's
// endpoint is given once, as endpoint or as endpoints.ecs.
func (p *aliecsProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.validateTagsConfig(ctx, &resp.Diagnostics)
	cfg.validateCredentialArguments(&resp.Diagnostics)
	if cfg.Endpoints != nil && !cfg.Endpoint.IsNull() && !cfg.Endpoints.ECS.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("endpoints").AtName("ecs"), "Conflicting endpoints",
			"endpoint is the shorthand of endpoints.ecs: set one of them, not both.")
	}
	if cfg.Insecure.IsUnknown() {
		return
	}
	for name, v := range cfg.endpointArguments() {
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		if err := validateEndpoint(v.ValueString(), cfg.Insecure.ValueBool()); err != nil {
			resp.Diagnostics.AddAttributeError(argumentPath(name), "Invalid endpoint", err.Error())
		}
	}
}

// argumentPath is the path of "endpoint" or "endpoints.<product>".
func argumentPath(name string) path.Path {
	if block, attr, ok := strings.Cut(name, "."); ok {
		return path.Root(block).AtName(attr)
	}
	return path.Root(name)
}

func (p *aliecsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &cfg)...)
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
	for _, ep := range []struct{ name, url, from string }{
		{"endpoint", resolved.Endpoint, resolved.EndpointSource},
		{"endpoints.sts", resolved.STSEndpoint, resolved.STSEndpointSource},
		{"endpoints.ecd", resolved.ECDEndpoint, resolved.ECDEndpointSource},
	} {
		if ep.url == "" {
			continue
		}
		if err := validateEndpoint(ep.url, settings.Insecure); err != nil {
			resp.Diagnostics.AddAttributeError(argumentPath(ep.name), "Invalid endpoint", fmt.Sprintf("%s (from %s)", err, ep.from))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// Unset is unset: the client layer applies its one default (client.DefaultMaxRetries).
	var maxRetries *int
	if !cfg.MaxRetries.IsNull() {
		n := int(cfg.MaxRetries.ValueInt64())
		maxRetries = &n
	}

	tflog.Info(ctx, "configuring the aliecs provider", map[string]any{
		"version": p.version, "terraform_version": req.TerraformVersion,
		"region": resolved.Region, "region_source": resolved.RegionSource,
		"credential_source": resolved.CredentialSource,
		"ecs_endpoint":      resolved.Endpoint, "sts_endpoint": resolved.STSEndpoint, "ecd_endpoint": resolved.ECDEndpoint,
		"max_retries": maxRetries,
	})
	tagsConfig, diags := cfg.tagsConfig(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// One value for every resource and data source of this provider, so that their lookups share calls.
	data, err := conns.New(ctx, conns.Config{
		Tags:       tagsConfig,
		Region:     resolved.Region,
		Endpoints:  conns.Endpoints{ECS: resolved.Endpoint, STS: resolved.STSEndpoint, ECD: resolved.ECDEndpoint},
		Credential: resolved.Credential,
		MaxRetries: maxRetries,
		UserAgent:  userAgent(p.version, req.TerraformVersion),

		// Named by the errors that refuse the credential, so that a user knows which secret to check.
		CredentialSource: resolved.CredentialSource,
	}, p.factories)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the aliecs provider", err.Error())
		return
	}
	resp.ResourceData, resp.DataSourceData, resp.ListResourceData, resp.ActionData = data, data, data, data
	p.configured.Store(data)
}

// servicePackages register every resource, data source, list resource and action: a new type is a line in its
// own package, none here.
var servicePackages = []framework.ServicePackage{ecs.ServicePackage{}, ecd.ServicePackage{}, sts.ServicePackage{}}

func (p *aliecsProvider) Resources(context.Context) []func() resource.Resource {
	return framework.Resources(servicePackages...)
}

func (p *aliecsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return framework.DataSources(servicePackages...)
}

func (p *aliecsProvider) ListResources(context.Context) []func() list.ListResource {
	return framework.ListResources(servicePackages...)
}

func (p *aliecsProvider) Actions(context.Context) []func() action.Action {
	return framework.Actions(servicePackages...)
}

func (m providerModel) unknownAttributes() []string {
	var names []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"region": m.Region, "access_key": m.AccessKey, "secret_key": m.SecretKey, "security_token": m.SecurityToken,
		"profile": m.Profile, "insecure": m.Insecure, "max_retries": m.MaxRetries,
	} {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	for name, v := range m.endpointArguments() {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	names = append(names, m.unknownTagsArguments()...)
	names = append(names, m.unknownCredentialArguments()...)
	slices.Sort(names)
	return names
}

func (m providerModel) settings() settings {
	s := settings{
		Region:        m.Region.ValueString(),
		AccessKey:     m.AccessKey.ValueString(),
		SecretKey:     m.SecretKey.ValueString(),
		SecurityToken: m.SecurityToken.ValueString(),
		Profile:       m.Profile.ValueString(),
		Endpoint:      m.Endpoint.ValueString(),
		Insecure:      m.Insecure.ValueBool(),
		ECSRoleName:   m.ECSRoleName.ValueString(),
		AssumeRole:    m.assumeRoleSettings(),
	}
	if e := m.Endpoints; e != nil {
		if !e.ECS.IsNull() {
			s.Endpoint = e.ECS.ValueString()
		}
		s.STSEndpoint, s.ECDEndpoint = e.STS.ValueString(), e.ECD.ValueString()
	}
	return s
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-aliecs/" + version
	if terraformVersion != "" {
		ua += " terraform/" + terraformVersion
	}
	return ua
}
