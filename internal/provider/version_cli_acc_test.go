package provider_test

import (
	"context"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// TestAccProvider_versionStampReachesTheAPI builds the provider binary stamped as goreleaser stamps a release
// (-X main.version), checks that -version prints the stamp, then runs it under the terraform CLI and checks that
// every API call it made (ECS and STS) reached the emulator with "terraform-provider-aliecs/<stamp>
// terraform/<CLI version>" in its User-Agent: the CLI version is what terraform (or OpenTofu) sends in
// ConfigureProvider.
func TestAccProvider_versionStampReachesTheAPI(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	t.Parallel()
	const stamp = "9.8.7-acctest"
	cli := acctest.NewCLIVersion(t, stamp)

	out, err := exec.Command(cli.Provider, "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("terraform-provider-aliecs -version: %v\n%s", err, out)
	}
	if want := "terraform-provider-aliecs v" + stamp + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"; string(out) != want {
		t.Fatalf("-version printed %q, want %q", out, want)
	}

	w := cli.Workspace("config", env.ProviderConfig()+`
data "aliecs_caller_identity" "current" {}

data "aliecs_snapshots" "all" {}
`)
	env.Emulator.ResetCallCounts()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	if out, err := w.CommandContext(ctx, "apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput(); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}

	want := " terraform-provider-aliecs/" + stamp + " terraform/" + acctest.TerraformVersion(t).String()
	// OpenTofu sends providers the Terraform version it is compatible with, not its own (OpenTofu 1.12.6 sends
	// 1.13.0), so under OpenTofu the stamp and a Terraform version are what can be checked.
	tofuSent := regexp.MustCompile(` terraform-provider-aliecs/` + regexp.QuoteMeta(stamp) + ` terraform/\d+\.\d+\.\d+$`)
	agents := env.Emulator.UserAgentCounts()
	actions := map[string]bool{}
	for ua, byAction := range agents {
		if acctest.IsOpenTofu() && !tofuSent.MatchString(ua) || !acctest.IsOpenTofu() && !strings.HasSuffix(ua, want) {
			t.Errorf("calls %v came with User-Agent %q, which does not end %q", byAction, ua, want)
		}
		for action := range byAction {
			actions[action] = true
		}
	}
	if !actions["GetCallerIdentity"] || !actions["DescribeSnapshots"] {
		t.Errorf("calls per User-Agent %v: want GetCallerIdentity (STS) and DescribeSnapshots (ECS)", agents)
	}
}
