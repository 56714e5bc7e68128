package provider

import (
	"testing"
)

// The client is told where the credential came from, so that an error refusing it can say which secret to check.
func TestConfigure_passesTheCredentialSourceToTheClient(t *testing.T) {
	isolate(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sk")
	f, resp := configure(t, map[string]any{"region": "cn-hangzhou", "access_key": "ak"})
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	const want = "access key from the access_key argument, secret from environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	if f.got.CredentialSource != want {
		t.Errorf("CredentialSource = %q, want %q", f.got.CredentialSource, want)
	}
}
