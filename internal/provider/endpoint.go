package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// validateEndpoint accepts an absolute http(s) URL with a host. Plain http exposes the requests (and an STS
// token) to anyone on the path, so it is limited to loopback hosts, where the emulator runs, unless the user
// says insecure = true.
func validateEndpoint(raw string, insecure bool) error {
	const example = "such as https://ecs.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8699"
	if !strings.Contains(raw, "://") {
		return fmt.Errorf("endpoint %q must be a URL with scheme and host, %s", raw, example)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("endpoint %q is not a valid URL: %v", raw, err)
	}
	if u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("endpoint %q must be a URL with scheme and host, %s", raw, example)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("endpoint %q uses plain http to %q, which is not a loopback host: use https, or set insecure = true to allow it", raw, u.Hostname())
	default:
		return fmt.Errorf("endpoint %q has scheme %q: only https, or http for loopback hosts, is allowed", raw, u.Scheme)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// endpointSyntaxValidator checks what can be checked from the endpoint alone; the http-to-remote rule,
// which also needs insecure, is checked in ValidateConfig.
type endpointSyntaxValidator struct{}

func (endpointSyntaxValidator) Description(context.Context) string {
	return "must be a URL with scheme http or https and a host"
}

func (v endpointSyntaxValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (endpointSyntaxValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// insecure=true here: the scheme and shape are checked, the loopback rule is left to ValidateConfig.
	if err := validateEndpoint(req.ConfigValue.ValueString(), true); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint", err.Error())
	}
}
