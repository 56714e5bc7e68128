// Package client is the machinery every Alibaba Cloud product client of the provider shares: the
// configuration a product client takes, the typed API error, retries with backoff, logging, the transport
// slots that keep the SDK's data races away, paging helpers and ClientToken generation. A product package
// (ecsclient, stsclient, ...) holds only its interface, its plain Go types, their conversions and the SDK
// calls, which it sends through Invoke.
package client

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"
)

// DefaultMaxRetries applies when Config.MaxRetries is nil (max_retries not set). A call is given up when every
// one of its attempts fails, so with a share p of calls failing transiently the chance is p^(retries+1) per
// call: at p = 30% (a bad day of throttling) 5 retries lose about 1 call in 1,400, which a plan of a few
// hundred calls hits often, while 15 lose 1 in 230 million. The backoff (capped at 10s) makes 15 retries ride
// out about a minute of throttling; the operation's timeout still bounds them all. A refused connection is
// retried by time instead (DefaultRefusedBudget), and a host name that does not resolve not at all.
const DefaultMaxRetries = 15

// Config is what every product client is built from: what the provider resolved from its arguments, the
// environment and the credential chain.
type Config struct {
	Region string
	// Endpoint is a URL with scheme (https://ecs.cn-hangzhou.aliyuncs.com, http://127.0.0.1:8699); a bare
	// host[:port] means HTTPS. Empty means the product's public endpoint in Region (DefaultEndpoint).
	Endpoint string
	// Credential supplies access key, secret and STS token (github.com/aliyun/credentials-go).
	Credential credentials.Credential
	// MaxRetries bounds the retries of one call; the caller's context bounds them in time as well.
	// nil means DefaultMaxRetries; 0 means no retries. Negative values are refused.
	MaxRetries *int
	// UserAgent replaces the provider's default product token in the SDK's user agent.
	UserAgent string
	// CredentialSource says where Credential came from ("access key from the access_key argument, secret from
	// environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET"); errors that refuse the credential name it.
	CredentialSource string
	// RefusedBudget is how long a call retries an endpoint that refuses connections (RetryPolicy.RefusedBudget);
	// zero means DefaultRefusedBudget. The provider leaves it zero; tests shorten it through a client Factory.
	RefusedBudget time.Duration
}

// defaultUserAgent is sent when Config.UserAgent is empty, so that API-side logs still name the provider.
const defaultUserAgent = "terraform-provider-aliecs"

// Product names an Alibaba Cloud API product. Its value is the product code that starts its endpoints'
// host names; String gives the name used in errors and logs.
type Product string

// The products the provider talks to.
const (
	ProductECS Product = "ecs"
	ProductSTS Product = "sts"
	ProductECD Product = "ecd"
)

// String is the product as users know it (ECS, STS, ECD), used to start error messages.
func (p Product) String() string { return strings.ToUpper(string(p)) }

// DefaultEndpoint is the product's public endpoint in region, as a URL with scheme (the form
// Config.Endpoint takes), or "" for a product this package does not know.
//
//   - ECS: ecs.<region>.aliyuncs.com, one per region
//     (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-endpoint).
//   - STS: sts.<region>.aliyuncs.com. The docs ask for calls in the caller's own region, and the central
//     sts.aliyuncs.com serves only the Chinese mainland, so it is used only when no region is given
//     (https://alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-endpoint).
//   - ECD: ecd.<region>.aliyuncs.com, the RegionEndpoint that DescribeRegions answers
//     (https://alibabacloud.com/help/en/wuying-workspace/api-ecd-2020-09-30-describeregions).
func DefaultEndpoint(product Product, region string) string {
	host := defaultHost(product, region)
	if host == "" {
		return ""
	}
	return "https://" + host
}

func defaultHost(product Product, region string) string {
	region = strings.TrimSpace(region)
	switch product {
	case ProductSTS:
		if region == "" {
			return "sts.aliyuncs.com"
		}
		return "sts." + region + ".aliyuncs.com"
	case ProductECS, ProductECD:
		if region == "" {
			return ""
		}
		return string(product) + "." + region + ".aliyuncs.com"
	}
	return ""
}

// ResolveEndpoint splits the endpoint for product into the host[:port] and scheme the SDK wants. An empty
// endpoint is the product's public endpoint in region over HTTPS; a bare host[:port] is taken as HTTPS too.
func ResolveEndpoint(product Product, region, endpoint string) (host, protocol string, err error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		host := defaultHost(product, region)
		if host == "" {
			return "", "", fmt.Errorf("%s: no endpoint given and no default one for region %q", product, region)
		}
		return host, "https", nil
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", "", fmt.Errorf("%s endpoint %q: %w", product, endpoint, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", "", fmt.Errorf("%s endpoint %q: the scheme must be http or https", product, endpoint)
	case u.Host == "":
		return "", "", fmt.Errorf("%s endpoint %q has no host", product, endpoint)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.User != nil:
		return "", "", fmt.Errorf("%s endpoint %q: only scheme, host and port are allowed", product, endpoint)
	}
	return u.Host, u.Scheme, nil
}

// OpenAPIConfig checks cfg and turns it into the SDK configuration of product: endpoint resolved, credential
// and user agent set. The SDK's own retries are switched off per call by Invoke; the retries are ours.
func OpenAPIConfig(product Product, cfg Config) (*openapi.Config, error) {
	if cfg.Credential == nil {
		return nil, fmt.Errorf("%s client: a credential is required", product)
	}
	if cfg.MaxRetries != nil && *cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("%s client: MaxRetries %d is negative (0 means no retries, nil the default)", product, *cfg.MaxRetries)
	}
	host, protocol, err := ResolveEndpoint(product, cfg.Region, cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	userAgent := defaultUserAgent
	if cfg.UserAgent != "" {
		userAgent = cfg.UserAgent
	}
	c := &openapi.Config{
		Endpoint:   tea.String(host),
		Protocol:   tea.String(protocol),
		Credential: cfg.Credential,
		UserAgent:  tea.String(userAgent),
	}
	if cfg.Region != "" {
		c.RegionId = tea.String(cfg.Region)
	}
	return c, nil
}
