package provider_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/closedport"
)

// words is a regular expression matching the phrase wherever Terraform wraps its lines.
func words(phrase string) string {
	fields := strings.Fields(phrase)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `\s+`)
}

// expectAll matches output holding every phrase, in this order.
func expectAll(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = words(p)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// A wrong secret, refused by the API of each product: the error names where the credential came from and what
// to check, besides the API's code and string to sign.
func TestAccProvider_wrongSecretNamesTheCredentialSource(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // signs with the emulator's access key ID and a secret that is not its
	config := func(data string) string {
		return fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  access_key = %q
  secret_key = "not-the-emulators-secret"
  endpoints {
    ecs = %q
    sts = %q
  }
}

%s
`, env.Emulator.Region, env.Emulator.AccessKeyID, env.Emulator.URL, env.Emulator.URL, data)
	}
	advice := []string{
		"SignatureDoesNotMatch", "string to sign",
		"The access key secret does not match the access key ID",
		"Credentials used: access key from the access_key argument, secret from the secret_key argument.",
		"Check the secret there",
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{
				Config:      config(`data "aliecs_caller_identity" "me" {}`),
				ExpectError: expectAll(append([]string{"STS GetCallerIdentity failed"}, advice...)...),
			},
			{
				Config:      config(`data "aliecs_snapshots" "all" {}`),
				ExpectError: expectAll(append([]string{"ECS DescribeSnapshots failed"}, advice...)...),
			},
		},
	})
}

// An endpoint whose host does not resolve fails at once (no retries: before, 15 of them took about a minute),
// and the error names the host. https, so that the provider's rule on plain http to remote hosts does not apply.
func TestAccProvider_unknownHostEndpointFailsAtOnce(t *testing.T) {
	env := acctest.New(t)
	if _, err := net.DefaultResolver.LookupHost(context.Background(), "does-not-exist.invalid"); !isDNSNotFound(err) {
		t.Skipf("this machine's resolver does not answer \"no such host\" for .invalid names (RFC 6761): %v", err)
	}
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: `
provider "aliecs" {
  region     = "cn-hangzhou"
  access_key = "ak"
  secret_key = "sk"
  endpoint   = "https://does-not-exist.invalid"
}

data "aliecs_snapshots" "all" {}
`,
			ExpectError: expectAll("ECS DescribeSnapshots failed: UnknownHost",
				`The host "does-not-exist.invalid" of the ECS endpoint https://does-not-exist.invalid is not known to DNS`,
				"not retried"),
		}},
	})
	// terraform's own plan takes a second or two; one retry round of before took over a minute.
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the plan took %v to fail, want seconds (no retries)", took)
	}
}

func isDNSNotFound(err error) bool {
	dnsErr, ok := errors.AsType[*net.DNSError](err)
	return ok && dnsErr.IsNotFound
}

// An endpoint where nothing listens (a closed loopback port): terraform plan, as a user runs it with
// TF_LOG=WARN, shows a WARN line per retry naming the endpoint, and fails after the 20s of
// client.DefaultRefusedBudget (before: about 67s of silent retries) with an error naming the endpoint. The
// test takes about 25s: the budget, terraform's plan, and the provider's build.
func TestAccProvider_refusedEndpointRetriedForTwentySecondsThenNamed(t *testing.T) {
	acctest.Long(t)
	acctest.PreCheck(t)
	t.Parallel()
	// Held for the whole test, so that no server of another test is given the port within the 20s.
	endpoint := "http://" + closedport.ForTest(t)

	w := acctest.NewCLIWorkspace(t, fmt.Sprintf(`
provider "aliecs" {
  region     = "cn-hangzhou"
  access_key = "ak"
  secret_key = "sk"
  endpoint   = %q
}

data "aliecs_snapshots" "all" {}
`, endpoint))

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := w.CommandContext(ctx, "plan", "-input=false", "-no-color")
	cmd.Env = append(slices.Clone(cmd.Env), "TF_LOG=WARN")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err == nil {
		t.Fatalf("terraform plan succeeded against a closed port:\n%s", out)
	}
	output := string(out)
	t.Logf("terraform plan failed after %v:\n%s", took, output)
	if took < 18*time.Second || took > 40*time.Second {
		t.Errorf("terraform plan failed after %v, want about 20s", took)
	}
	if !expectAll("ECS DescribeSnapshots failed: ConnectionError", "connection refused", "endpoint "+endpoint,
		"Nothing accepted a connection at the ECS endpoint "+endpoint+" for 20s",
		"Check that the endpoint is right and that the service there is running").MatchString(output) {
		t.Errorf("the error does not name the endpoint and the 20s:\n%s", output)
	}
	warn := regexp.MustCompile(`\[WARN\].*` + regexp.QuoteMeta(endpoint) + ` refused the connection for ECS DescribeSnapshots`)
	if n := len(warn.FindAllString(output, -1)); n < 5 {
		t.Errorf("%d WARN lines about the refused connection, want one per retry (at least 5 in 20s):\n%s", n, output)
	}
}
