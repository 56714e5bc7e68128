package ecsclient

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/closedport"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Through the real SDK: an endpoint that refuses connections is retried for client.DefaultRefusedBudget
// (on the fake clock), then the error names it.
func TestRetry_refusedConnectionRetriedForTheBudgetThenNamed(t *testing.T) {
	endpoint := "http://" + closedport.ForTest(t)
	c, clock := newTestClient(t, endpoint, nil)
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	var total time.Duration
	for _, d := range clock.Sleeps() {
		total += d
	}
	if total != client.DefaultRefusedBudget {
		t.Errorf("waited %v in all, want %v", total, client.DefaultRefusedBudget)
	}
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !ok || apiErr.Code != client.CodeConnection || apiErr.Attempts <= client.DefaultMaxRetries-5 {
		t.Fatalf("error %v, want a ConnectionError after many attempts", err)
	}
	if want := "Nothing accepted a connection at the ECS endpoint " + endpoint + " for 20s"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// Through the real SDK and resolver: a host that does not exist fails at the first attempt. .invalid never
// resolves (RFC 6761, section 6.4).
func TestRetry_unknownHostFailsAtOnce(t *testing.T) {
	if _, err := net.DefaultResolver.LookupHost(context.Background(), "does-not-exist.invalid"); !isNotFound(err) {
		t.Skipf("this machine's resolver does not answer \"no such host\" for .invalid names: %v", err)
	}
	c, clock := newTestClient(t, "https://does-not-exist.invalid", nil)
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if !client.IsCode(err, client.CodeUnknownHost) || len(clock.Sleeps()) != 0 {
		t.Fatalf("error %v after %d waits, want %s at once", err, len(clock.Sleeps()), client.CodeUnknownHost)
	}
	if want := `The host "does-not-exist.invalid" of the ECS endpoint https://does-not-exist.invalid is not known to DNS`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func isNotFound(err error) bool {
	dnsErr, ok := errors.AsType[*net.DNSError](err)
	return ok && dnsErr.IsNotFound
}

// A wrong secret, as the emulator refuses it: the error keeps the API's code and message and adds where the
// credential came from and what to check.
func TestEmulator_wrongSecretNamesTheCredentialSource(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	const source = "access key from the access_key argument, secret from environment variable ALICLOUD_SECRET_KEY"
	c, _ := newClockedClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL,
		Credential: accessKeyCredential(t, ts.AccessKeyID, "wrong-secret"), CredentialSource: source})
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if !client.IsCode(err, "SignatureDoesNotMatch") {
		t.Fatalf("error %v, want SignatureDoesNotMatch", err)
	}
	for _, want := range []string{"string to sign", "access key secret does not match the access key ID", "Credentials used: " + source + ".", "Check the secret there"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("error %q shows the secret", err)
	}
}
