package ecsclient

import (
	"context"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The endpoint rules themselves are client.ResolveEndpoint's (tested there); ECS's default is its regional host.
func TestNew_usesTheRegionalEndpoint(t *testing.T) {
	c, err := New(context.Background(), client.Config{Region: "cn-shanghai", Credential: testCredential(t)})
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := c.(*sdkClient)
	if !ok {
		t.Fatalf("New returned a %T", c)
	}
	if got := tea.StringValue(sc.sdkConfig.Endpoint); got != "ecs.cn-shanghai.aliyuncs.com" {
		t.Errorf("endpoint %q, want ecs.cn-shanghai.aliyuncs.com", got)
	}
	if _, err := New(context.Background(), client.Config{Region: "cn-hangzhou", Endpoint: "ftp://x", Credential: testCredential(t)}); err == nil {
		t.Error("a bad endpoint was accepted")
	}
}

func TestNew_refusesIncompleteConfig(t *testing.T) {
	if _, err := New(context.Background(), client.Config{Credential: testCredential(t)}); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("no region: %v", err)
	}
	if _, err := New(context.Background(), client.Config{Region: "cn-hangzhou"}); err == nil || !strings.Contains(err.Error(), "credential") {
		t.Errorf("no credential: %v", err)
	}
	c, err := New(context.Background(), client.Config{Region: "cn-beijing", Credential: testCredential(t)})
	if err != nil || c.Region() != "cn-beijing" {
		t.Errorf("New: %v", err)
	}
	if _, err := New(context.Background(), client.Config{Region: "cn-hangzhou", Credential: testCredential(t), MaxRetries: new(-1)}); err == nil {
		t.Error("a negative MaxRetries was accepted")
	}
}

func TestNew_userAgentSent(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, err := New(context.Background(), client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t),
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
