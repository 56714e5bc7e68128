package client

import (
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"
)

func TestResolveEndpoint_cases(t *testing.T) {
	tests := []struct {
		product                  Product
		region                   string
		endpoint, host, protocol string
	}{
		{ProductECS, "cn-hangzhou", "", "ecs.cn-hangzhou.aliyuncs.com", "https"},
		{ProductECS, "cn-hangzhou", "http://127.0.0.1:8699", "127.0.0.1:8699", "http"},
		{ProductECS, "cn-hangzhou", "https://ecs.cn-shanghai.aliyuncs.com/", "ecs.cn-shanghai.aliyuncs.com", "https"},
		{ProductECS, "cn-hangzhou", "ecs-vpc.cn-hangzhou.aliyuncs.com", "ecs-vpc.cn-hangzhou.aliyuncs.com", "https"},
		{ProductECS, "cn-hangzhou", "HTTP://localhost:1", "localhost:1", "http"},
		{ProductSTS, "cn-hangzhou", "", "sts.cn-hangzhou.aliyuncs.com", "https"},
		{ProductSTS, "", "", "sts.aliyuncs.com", "https"},
		{ProductECD, "ap-southeast-1", "", "ecd.ap-southeast-1.aliyuncs.com", "https"},
	}
	for _, tt := range tests {
		host, protocol, err := ResolveEndpoint(tt.product, tt.region, tt.endpoint)
		if err != nil || host != tt.host || protocol != tt.protocol {
			t.Errorf("ResolveEndpoint(%s, %q, %q) = %q, %q, %v; want %q, %q", tt.product, tt.region, tt.endpoint, host, protocol, err, tt.host, tt.protocol)
		}
	}
	for _, bad := range []string{"ftp://x", "http://", "http://x/path", "http://x?a=b", "http://u:p@x", "http://[::1"} {
		if _, _, err := ResolveEndpoint(ProductECS, "cn-hangzhou", bad); err == nil {
			t.Errorf("ResolveEndpoint(%q) accepted", bad)
		}
	}
	if _, _, err := ResolveEndpoint(ProductECS, "", ""); err == nil {
		t.Error("an ECS endpoint without region or override was accepted")
	}
	if _, _, err := ResolveEndpoint("nope", "cn-hangzhou", ""); err == nil {
		t.Error("an unknown product got a default endpoint")
	}
}

func TestDefaultEndpoint_perProduct(t *testing.T) {
	tests := []struct {
		product Product
		region  string
		want    string
	}{
		{ProductECS, "cn-beijing", "https://ecs.cn-beijing.aliyuncs.com"},
		{ProductSTS, "eu-central-1", "https://sts.eu-central-1.aliyuncs.com"},
		{ProductSTS, "", "https://sts.aliyuncs.com"},
		{ProductECD, "cn-shanghai", "https://ecd.cn-shanghai.aliyuncs.com"},
		{ProductECS, "", ""},
		{"oss", "cn-hangzhou", ""},
	}
	for _, tt := range tests {
		if got := DefaultEndpoint(tt.product, tt.region); got != tt.want {
			t.Errorf("DefaultEndpoint(%s, %q) = %q, want %q", tt.product, tt.region, got, tt.want)
		}
		// What DefaultEndpoint gives is a valid Config.Endpoint for the same product.
		if tt.want != "" {
			if _, _, err := ResolveEndpoint(tt.product, "", tt.want); err != nil {
				t.Errorf("DefaultEndpoint's %q does not resolve: %v", tt.want, err)
			}
		}
	}
}

func testCredential(t *testing.T) credentials.Credential {
	t.Helper()
	cred, err := credentials.NewCredential(&credentials.Config{
		Type: tea.String("access_key"), AccessKeyId: tea.String("ak"), AccessKeySecret: tea.String("sk"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

func TestOpenAPIConfig_endpointUserAgentAndChecks(t *testing.T) {
	cfg, err := OpenAPIConfig(ProductSTS, Config{Region: "cn-shanghai", Credential: testCredential(t)})
	if err != nil {
		t.Fatal(err)
	}
	if tea.StringValue(cfg.Endpoint) != "sts.cn-shanghai.aliyuncs.com" || tea.StringValue(cfg.Protocol) != "https" ||
		tea.StringValue(cfg.RegionId) != "cn-shanghai" || tea.StringValue(cfg.UserAgent) != defaultUserAgent {
		t.Errorf("config %s", cfg)
	}
	cfg, err = OpenAPIConfig(ProductECS, Config{Region: "cn-hangzhou", Endpoint: "http://127.0.0.1:1", Credential: testCredential(t), UserAgent: "ua/1"})
	if err != nil || tea.StringValue(cfg.Endpoint) != "127.0.0.1:1" || tea.StringValue(cfg.UserAgent) != "ua/1" {
		t.Errorf("config %v, %v", cfg, err)
	}
	if _, err := OpenAPIConfig(ProductECS, Config{Region: "cn-hangzhou"}); err == nil || !strings.Contains(err.Error(), "credential") {
		t.Errorf("no credential: %v", err)
	}
	if _, err := OpenAPIConfig(ProductECS, Config{Region: "cn-hangzhou", Credential: testCredential(t), MaxRetries: new(-1)}); err == nil {
		t.Error("a negative MaxRetries was accepted")
	}
	if _, err := OpenAPIConfig(ProductECS, Config{Region: "cn-hangzhou", Credential: testCredential(t), MaxRetries: new(0)}); err != nil {
		t.Errorf("MaxRetries 0 (no retries) refused: %v", err)
	}
}
