package provider_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// TestAccProvider_ecsRoleNameThroughMetadataCLI runs the built provider under the terraform CLI with
// ecs_role_name. credentials-go asks the metadata service at the fixed address http://100.100.100.200, which a
// test cannot bind; but it sends through the proxy of the process's environment (its transport is a clone of
// http.DefaultTransport), so the provider process gets HTTP_PROXY pointing at the emulator, which serves the
// metadata service for that Host. Everything past the address is the real path: credentials-go's IMDSv2 token,
// the role's credentials, and every ECS call signed with them. A second configuration chains assume_role on the
// instance role, with the provider process trusting the emulator's TLS listener through SSL_CERT_FILE (as a
// user of the standalone emulator does).
func TestAccProvider_ecsRoleNameThroughMetadataCLI(t *testing.T) {
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("needs the emulator's metadata service")
	}
	t.Parallel()
	var emulatorLog acctest.LockedBuffer
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{Logger: slog.New(slog.NewTextHandler(&emulatorLog, nil))},
		emulator.WithTLS())
	diskID := firstDataDisk(t)

	cli := acctest.NewCLI(t)
	cli.Env = append(cli.Env, "HTTP_PROXY="+ts.URL, "http_proxy="+ts.URL, "NO_PROXY=", "no_proxy=",
		"SSL_CERT_FILE="+ts.CAFile, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=")
	terraform := func(w *acctest.CLIWorkspace, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
		defer cancel()
		out, err := w.CommandContext(ctx, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s\nemulator log:\n%s", strings.Join(args, " "), err, out, emulatorLog.String())
		}
		return string(out)
	}
	apply := func(name, providerBlock string) string {
		t.Helper()
		w := cli.Workspace(name, providerBlock+fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
}

data "aliecs_caller_identity" "current" {}

output "arn" {
  value = data.aliecs_caller_identity.current.arn
}
`, diskID))
		terraform(w, "apply", "-auto-approve", "-input=false", "-no-color")
		arn := strings.TrimSpace(terraform(w, "output", "-raw", "arn"))
		terraform(w, "destroy", "-auto-approve", "-input=false", "-no-color")
		return arn
	}
	account := emulator.DefaultAccountID

	arn := apply("ecs-role", fmt.Sprintf(`
provider "aliecs" {
  region        = %q
  ecs_role_name = %q
  endpoints {
    ecs = %q
    sts = %q
  }
}
`, ts.Region, stsbackend.DefaultRoleName, ts.URL, ts.URL))
	if want := "acs:ram::" + account + ":role/" + stsbackend.DefaultRoleName + "/ecs-instance"; arn != want {
		t.Errorf("caller with ecs_role_name: %q, want %q", arn, want)
	}
	checkSignedByTemporaryKey(t, ts, emulatorLog.String(), "ecs-instance")
	if !strings.Contains(emulatorLog.String(), `msg="metadata call" method=GET path=/latest/meta-data/ram/security-credentials/`+stsbackend.DefaultRoleName+" status=200") {
		t.Errorf("the metadata service was not asked for the role's credentials:\n%s", emulatorLog.String())
	}

	emulatorLog.Reset()
	arn = apply("ecs-role-assume", fmt.Sprintf(`
provider "aliecs" {
  region        = %q
  ecs_role_name = %q
  endpoints {
    ecs = %q
    sts = %q
  }
  assume_role {
    role_arn     = "acs:ram::%s:role/%s"
    session_name = "chained"
  }
}
`, ts.Region, stsbackend.DefaultRoleName, ts.URL, ts.TLSURL, account, stsbackend.DefaultRoleName))
	if want := "acs:ram::" + account + ":role/" + stsbackend.DefaultRoleName + "/chained"; arn != want {
		t.Errorf("caller with ecs_role_name and assume_role: %q, want %q", arn, want)
	}
	checkSignedByTemporaryKey(t, ts, emulatorLog.String(), "chained")
}

// checkSignedByTemporaryKey checks that the log's CreateSnapshot was signed by a temporary key of a session named
// sessionName.
func checkSignedByTemporaryKey(t *testing.T, ts *emulator.TestServer, log, sessionName string) {
	t.Helper()
	m := regexp.MustCompile(`action=CreateSnapshot status=200 .*access_key_id=(\S+)`).FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("no successful CreateSnapshot in the emulator's log:\n%s", log)
	}
	s, ok := ts.STS().Session(m[1])
	if !ok || s.SessionName != sessionName {
		t.Errorf("CreateSnapshot signed with %q (session %+v, found %v), want a temporary key of session %q", m[1], s.SessionName, ok, sessionName)
	}
}
