// Package conns is what the configured provider hands every resource and data source (the role of
// terraform-provider-aws's internal/conns): a client per API product, per region where a resource works in
// another region than the provider's (a copy's source), and a registry of the batchers through which concurrent
// operations share lookups (Batcher). What a lookup asks for lives beside the resource that owns it. Service
// packages import it and never one another.
package conns

import (
	"context"
	"fmt"
	"sync"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/stsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// Factories build the product clients. The provider is given them so that a test can hand in others (a
// fault-injecting wrapper, say); a nil field means the SDK-backed client.
type Factories struct {
	ECS ecsclient.Factory
	STS stsclient.Factory
	ECD ecdclient.Factory
}

func (f Factories) withDefaults() Factories {
	if f.ECS == nil {
		f.ECS = ecsclient.New
	}
	if f.STS == nil {
		f.STS = stsclient.New
	}
	if f.ECD == nil {
		f.ECD = ecdclient.New
	}
	return f
}

// Endpoints override the public endpoint of a product, as URLs with scheme; "" means the product's public
// endpoint of the region a call is made in.
type Endpoints struct {
	ECS, STS, ECD string
}

// Config is what the provider resolved from its arguments, the environment and the credential chain.
type Config struct {
	Region     string // the provider's region: every call goes there unless a resource names another
	Endpoints  Endpoints
	Credential credentials.Credential
	MaxRetries *int // nil: client.DefaultMaxRetries
	UserAgent  string
	// CredentialSource says where Credential came from; errors that refuse the credential name it.
	CredentialSource string
	// Tags is the provider's default_tags and ignore_tags, which every taggable resource applies (package tags).
	Tags tags.Config
}

// Client holds one configured provider's product clients and its batchers (Batcher); Terraform makes a new
// resource value for every operation, so what operations share lives here. Safe for concurrent use.
type Client struct {
	cfg       Config
	factories Factories

	mu       sync.Mutex
	ecs      map[string]ecsclient.Client // by region
	ecd      map[string]ecdclient.Client // by region, built on first use
	sts      stsclient.Client
	batchers map[batcherKey]registered
}

// New builds the provider's region's ECS client at once, so that a configuration error shows at Configure;
// other products and regions are built on first use.
func New(ctx context.Context, cfg Config, f Factories) (*Client, error) {
	c := &Client{cfg: cfg, factories: f.withDefaults(), ecs: map[string]ecsclient.Client{},
		ecd: map[string]ecdclient.Client{}, batchers: map[batcherKey]registered{}}
	if _, err := c.ECS(ctx, cfg.Region); err != nil {
		return nil, err
	}
	return c, nil
}

// Region is the provider's region.
func (c *Client) Region() string { return c.cfg.Region }

// TagsConfig is the provider's default_tags and ignore_tags; none for a nil Client (a provider not configured).
func (c *Client) TagsConfig() tags.Config {
	if c == nil {
		return tags.Config{}
	}
	return c.cfg.Tags
}

// ECS is the ECS client of region ("" is the provider's region).
func (c *Client) ECS(ctx context.Context, region string) (ecsclient.Client, error) {
	return regional(ctx, c, c.ecs, "ECS", region, c.cfg.Endpoints.ECS, c.factories.ECS)
}

// HomeECS is the ECS client of the provider's region, which New has built.
func (c *Client) HomeECS() ecsclient.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ecs[c.cfg.Region]
}

// ECD is the ECD (Elastic Desktop Service) client of region ("" is the provider's region), built on first use:
// a configuration that uses no desktop resource never builds one.
func (c *Client) ECD(ctx context.Context, region string) (ecdclient.Client, error) {
	return regional(ctx, c, c.ecd, "ECD", region, c.cfg.Endpoints.ECD, c.factories.ECD)
}

// STS is the STS client, built on first use.
func (c *Client) STS(ctx context.Context) (stsclient.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sts != nil {
		return c.sts, nil
	}
	sts, err := c.factories.STS(ctx, c.clientConfig(c.cfg.Region, c.cfg.Endpoints.STS))
	if err != nil {
		return nil, fmt.Errorf("cannot create the STS client: %w", err)
	}
	c.sts = sts
	return sts, nil
}

// regional is the client of product in region from clients, built with factory on first use. An endpoint
// override names the one place every call of the product goes, whatever its region: a private endpoint, a proxy
// or the emulator, which serves every region on one port and takes the region from the call.
func regional[C any](ctx context.Context, c *Client, clients map[string]C, product, region, endpoint string,
	factory func(context.Context, client.Config) (C, error)) (C, error) {
	if region == "" {
		region = c.cfg.Region
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := clients[region]; ok {
		return cl, nil
	}
	cl, err := factory(ctx, c.clientConfig(region, endpoint))
	if err != nil {
		return cl, fmt.Errorf("cannot create the %s client for region %s: %w", product, region, err)
	}
	clients[region] = cl
	return cl, nil
}

func (c *Client) clientConfig(region, endpoint string) client.Config {
	return client.Config{
		Region: region, Endpoint: endpoint, Credential: c.cfg.Credential,
		MaxRetries: c.cfg.MaxRetries, UserAgent: c.cfg.UserAgent, CredentialSource: c.cfg.CredentialSource,
	}
}

// FromProviderData is the *Client a resource or data source was configured with. who names it in the
// error shown when the provider handed something else, which only a bug can cause.
func FromProviderData(data any, who string, diags *diag.Diagnostics) *Client {
	if c, ok := data.(*Client); ok && c != nil {
		return c
	}
	diags.AddError("Unexpected provider data",
		fmt.Sprintf("%s expected *conns.Client, got %T. This is a bug in the provider.", who, data))
	return nil
}
