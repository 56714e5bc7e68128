package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// refusedErr is what net/http hands the SDK when nothing listens at the endpoint.
func refusedErr() error {
	return &url.Error{Op: "Post", URL: "http://127.0.0.1:8699/?RegionId=cn-hangzhou", Err: &net.OpError{
		Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8699},
		Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED},
	}}
}

// unknownHostErr is what net/http hands the SDK when DNS knows no such host.
func unknownHostErr() error {
	return &url.Error{Op: "Post", URL: "https://does-not-exist.invalid/?RegionId=cn-hangzhou", Err: &net.OpError{
		Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "does-not-exist.invalid", Server: "10.0.0.53:53", IsNotFound: true},
	}}
}

func emulatorConfig(maxRetries *int) Config {
	return Config{Region: "cn-hangzhou", Endpoint: "http://127.0.0.1:8699", MaxRetries: maxRetries,
		CredentialSource: "access key from the access_key argument, secret from the secret_key argument"}
}

// fakeClock's policy for cfg, with the largest jitter.
func (c *fakeClock) policyFor(product Product, cfg Config) RetryPolicy {
	p := c.policy(cfg.MaxRetries)
	fromCfg := NewRetryPolicyFor(product, cfg)
	p.RefusedBudget, p.Endpoint, p.CredentialSource = fromCfg.RefusedBudget, fromCfg.Endpoint, fromCfg.CredentialSource
	return p
}

func sum(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}

// A refused connection is retried for DefaultRefusedBudget (20s), however few retries max_retries allows,
// with short waits, and the error then names the endpoint, how long it refused and what to check.
func TestDo_refusedConnectionRetriedForTheBudgetThenNamesTheEndpoint(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(new(3)))
	n := 0
	err := p.Do(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		n++
		return "", refusedErr()
	})
	// Waits .2 .4 .8 1.6, then 2s (the cap) eight times = 19s, then the last cut to the budget's end: 1s.
	if got := sum(clock.sleeps); got != DefaultRefusedBudget {
		t.Errorf("waited %v in all (%v), want %v", got, clock.sleeps, DefaultRefusedBudget)
	}
	for _, d := range clock.sleeps {
		if d > refusedBackoffCap {
			t.Errorf("a wait of %v, longer than %v", d, refusedBackoffCap)
		}
	}
	if n != 14 {
		t.Errorf("%d attempts, want 14", n)
	}
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.Code != CodeConnection || apiErr.Attempts != n || apiErr.RefusedFor != DefaultRefusedBudget {
		t.Fatalf("error %#v, want a ConnectionError after %d attempts, refused for 20s", err, n)
	}
	msg := err.Error()
	for _, want := range []string{
		"ECS DescribeSnapshots failed: ConnectionError: dial tcp 127.0.0.1:8699: connect: connection refused",
		"endpoint http://127.0.0.1:8699", "after 14 attempts",
		"Nothing accepted a connection at the ECS endpoint http://127.0.0.1:8699 for 20s. Check",
		"service there is running",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "RegionId=") {
		t.Errorf("error %q quotes the request URL", msg)
	}
}

func TestDo_refusedConnectionBudgetComesFromConfig(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	cfg := emulatorConfig(nil)
	cfg.RefusedBudget = 3 * time.Second
	p := clock.policyFor(ProductSTS, cfg)
	err := p.Do(context.Background(), ProductSTS, "GetCallerIdentity", func(context.Context) (string, error) { return "", refusedErr() })
	if got := sum(clock.sleeps); got != 3*time.Second {
		t.Errorf("waited %v, want 3s", got)
	}
	if !strings.Contains(err.Error(), "STS endpoint http://127.0.0.1:8699 for 3s") {
		t.Errorf("error %q does not name the endpoint and the 3s", err)
	}
}

// An endpoint that comes back within the budget (a restart) answers the call.
func TestDo_refusedConnectionRidesOutARestart(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(nil))
	back := clock.now.Add(12 * time.Second)
	err := p.Do(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		if clock.now.Before(back) {
			return "", refusedErr()
		}
		return "req-1", nil
	})
	if err != nil {
		t.Fatalf("Do = %v, want success once the endpoint is back", err)
	}
	if got := sum(clock.sleeps); got < 12*time.Second || got > 14*time.Second {
		t.Errorf("waited %v, want the 12s of the restart and at most one short wait more", got)
	}
}

// Refused retries do not use up max_retries: a throttled answer after the restart still gets its retries.
func TestDo_refusedRetriesDoNotCountAgainstMaxRetries(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(new(2)))
	n := 0
	err := p.Do(context.Background(), ProductECS, "DeleteSnapshot", func(context.Context) (string, error) {
		n++
		switch {
		case n <= 5:
			return "", refusedErr()
		case n <= 7:
			return "", &APIError{Code: "Throttling", HTTPStatus: 400}
		}
		return "ok", nil
	})
	if err != nil || n != 8 {
		t.Fatalf("Do = %v after %d attempts, want success after 8 (5 refused, 2 throttled)", err, n)
	}
}

func TestDo_zeroMaxRetriesDoesNotRetryARefusedConnection(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(new(0)))
	n := 0
	err := p.Do(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		n++
		return "", refusedErr()
	})
	if n != 1 || len(clock.sleeps) != 0 {
		t.Errorf("%d attempts, %d waits; want 1 and none", n, len(clock.sleeps))
	}
	if !strings.Contains(err.Error(), "Nothing accepted a connection at the ECS endpoint http://127.0.0.1:8699. Check") {
		t.Errorf("error %q does not name the endpoint", err)
	}
}

// Every refused retry is a WARN line naming the endpoint and the wait, so that TF_LOG=WARN shows why a run
// stands still; other retries stay at DEBUG.
func TestDo_refusedRetriesLogAWarningEach(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(nil))
	n := 0
	_ = p.Do(ctx, ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		n++
		if n == 1 {
			return "", &APIError{Code: "Throttling", HTTPStatus: 400}
		}
		return "", refusedErr()
	})
	var warnings []map[string]any
	scanner := bufio.NewScanner(&out)
	for scanner.Scan() {
		var line map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			t.Fatalf("log line %q: %v", scanner.Text(), err)
		}
		if line["@level"] == "warn" {
			warnings = append(warnings, line)
		}
	}
	// Every refused attempt but the last is retried: n-2 of them (the first attempt was throttled).
	if len(warnings) != n-2 {
		t.Fatalf("%d WARN lines for %d refused retries:\n%s", len(warnings), n-2, out.String())
	}
	first := warnings[0]
	msg, _ := first["@message"].(string)
	for _, want := range []string{"http://127.0.0.1:8699 refused the connection", "ECS DescribeSnapshots", "of the 20s allowed", "retrying in 200ms"} {
		if !strings.Contains(msg, want) {
			t.Errorf("WARN line %q does not say %q", msg, want)
		}
	}
	if first[LogFieldEndpoint] != "http://127.0.0.1:8699" || first[LogFieldAction] != "DescribeSnapshots" {
		t.Errorf("WARN line fields %v", first)
	}
}

// A host name that does not resolve fails at the first attempt, naming the host and the endpoint.
func TestDo_unknownHostFailsAtOnce(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	cfg := emulatorConfig(nil)
	cfg.Endpoint = "https://does-not-exist.invalid"
	p := clock.policyFor(ProductECS, cfg)
	n := 0
	err := p.Do(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		n++
		return "", unknownHostErr()
	})
	if n != 1 || len(clock.sleeps) != 0 {
		t.Errorf("%d attempts, %d waits; want 1 and none", n, len(clock.sleeps))
	}
	if !IsCode(err, CodeUnknownHost) || IsRetryable(err) {
		t.Fatalf("error %v, want %s, not retryable", err, CodeUnknownHost)
	}
	for _, want := range []string{
		"ECS DescribeSnapshots failed: UnknownHost: dial tcp: lookup does-not-exist.invalid on 10.0.0.53:53: no such host (endpoint https://does-not-exist.invalid)",
		`The host "does-not-exist.invalid" of the ECS endpoint https://does-not-exist.invalid is not known to DNS`,
		"not retried",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// A DNS failure that is not "no such host" (a resolver that timed out) may pass: it is retried as before.
func TestDo_temporaryDNSFailureIsRetried(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policyFor(ProductECS, emulatorConfig(new(2)))
	n := 0
	_ = p.Do(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context) (string, error) {
		n++
		return "", &url.Error{Op: "Post", URL: "https://x", Err: &net.DNSError{Err: "i/o timeout", Name: "x", IsTimeout: true}}
	})
	if n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

// The API's answers that refuse the credential name where it came from and what to check; the code and the
// API's own message stay first.
func TestDo_credentialErrorsNameTheSourceAndWhatToCheck(t *testing.T) {
	const source = "access key from the access_key argument, secret from environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	for code, advice := range map[string]string{
		"SignatureDoesNotMatch":                      "access key secret does not match the access key ID",
		"InvalidAccessKeyId.NotFound":                "no access key with this ID",
		"InvalidAccessKeyId.Inactive":                "access key is disabled",
		"InvalidSecurityToken.Expired":               "refused the STS security token",
		"InvalidSecurityToken.MismatchWithAccessKey": "refused the STS security token",
	} {
		t.Run(code, func(t *testing.T) {
			clock := &fakeClock{now: time.Now()}
			cfg := emulatorConfig(nil)
			cfg.CredentialSource = source
			p := clock.policyFor(ProductSTS, cfg)
			err := p.Do(context.Background(), ProductSTS, "GetCallerIdentity", func(context.Context) (string, error) {
				return "", &APIError{Code: code, Message: "server string to sign is:POST&%2F&...", HTTPStatus: 400, RequestID: "r-1"}
			})
			msg := err.Error()
			if !strings.HasPrefix(msg, "STS GetCallerIdentity failed: "+code+": server string to sign is:POST&%2F&... (HTTP 400, request ID r-1)") {
				t.Errorf("error %q does not start with the call, code and message", msg)
			}
			for _, want := range []string{advice, "Credentials used: " + source + "."} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, "endpoint http") {
				t.Errorf("error %q names the endpoint, which answered", msg)
			}
		})
	}
}
