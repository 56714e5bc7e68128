package ecsclient

import (
	"context"
	"strings"
	"testing"
)

func TestResolveEndpoint(t *testing.T) {
	tests := []struct {
		endpoint, host, protocol string
	}{
		{"", "ecs.cn-hangzhou.aliyuncs.com", "https"},
		{"http://127.0.0.1:8699", "127.0.0.1:8699", "http"},
		{"https://ecs.cn-shanghai.aliyuncs.com/", "ecs.cn-shanghai.aliyuncs.com", "https"},
		{"ecs-vpc.cn-hangzhou.aliyuncs.com", "ecs-vpc.cn-hangzhou.aliyuncs.com", "https"},
		{"HTTP://localhost:1", "localhost:1", "http"},
	}
	for _, tt := range tests {
		host, protocol, err := resolveEndpoint("cn-hangzhou", tt.endpoint)
		if err != nil || host != tt.host || protocol != tt.protocol {
			t.Errorf("resolveEndpoint(%q) = %q, %q, %v; want %q, %q", tt.endpoint, host, protocol, err, tt.host, tt.protocol)
		}
	}
	for _, bad := range []string{"ftp://x", "http://", "http://x/path", "http://x?a=b", "http://u:p@x", "http://[::1"} {
		if _, _, err := resolveEndpoint("cn-hangzhou", bad); err == nil {
			t.Errorf("resolveEndpoint(%q) accepted", bad)
		}
	}
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	if _, err := New(context.Background(), Config{Credential: testCredential(t)}); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("no region: %v", err)
	}
	if _, err := New(context.Background(), Config{Region: "cn-hangzhou"}); err == nil || !strings.Contains(err.Error(), "credential") {
		t.Errorf("no credential: %v", err)
	}
	c, err := New(context.Background(), Config{Region: "cn-beijing", Credential: testCredential(t)})
	if err != nil || c.Region() != "cn-beijing" {
		t.Errorf("New: %v", err)
	}
}

func TestUserAgentSent(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, err := New(context.Background(), Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t),
		UserAgent: "terraform-provider-aliecs/1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSnapshot(context.Background(), "s-1", false); err != nil {
		t.Fatal(err)
	}
	ua := fake.Calls()[0].Header.Get("User-Agent")
	if !strings.Contains(ua, "terraform-provider-aliecs/1.2.3") {
		t.Errorf("User-Agent %q lacks the provider's", ua)
	}
}
