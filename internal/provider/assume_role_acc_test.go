package provider_test

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// TestAccProvider_assumeRole configures the provider with a long-term key and assume_role, STS pointed at the
// emulator's TLS listener (credentials-go calls AssumeRole over HTTPS only). The snapshot must be created with the
// temporary key (the emulator's log names the key of each call), the caller identity must be the role's session,
// and neither the long-term secret nor the temporary secret or token may appear in the provider's log or state.
func TestAccProvider_assumeRole(t *testing.T) {
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("needs the emulator's STS AssumeRole")
	}
	var emulatorLog acctest.LockedBuffer
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{AccessKeySecret: leakSecret,
		Logger: slog.New(slog.NewTextHandler(&emulatorLog, nil))}, emulator.WithTLS())
	diskID := firstDataDisk(t)
	roleARN := "acs:ram::" + emulator.DefaultAccountID + ":role/" + stsbackend.DefaultRoleName

	logPath := filepath.Join(t.TempDir(), "terraform.log")
	// Serial: the log settings are process environment (see TestAccProvider_secretsNeverLoggedNorStored).
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")
	workDir := t.TempDir()

	config := fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  access_key = %q
  secret_key = %q
  endpoints {
    ecs = %q
    sts = %q
  }
  assume_role {
    role_arn           = %q
    session_name       = "acctest-session"
    session_expiration = 900
    policy             = jsonencode({ Version = "1", Statement = [{ Effect = "Allow", Action = "ecs:*", Resource = "*" }] })
  }
}

resource "aliecs_snapshot" "test" {
  disk_id       = %q
  snapshot_name = "assumed"
}

data "aliecs_caller_identity" "current" {}
`, ts.Region, ts.AccessKeyID, leakSecret, ts.URL, ts.TLSURL, roleARN, diskID)

	resource.Test(t, resource.TestCase{ // serial: see t.Setenv above
		WorkingDir: workDir,
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"aliecs": provider.NewServer("test", conns.Factories{}),
		},
		CheckDestroy: checkSnapshotsDestroyed(t, acctest.EmulatorECSClient(t, ts.URL, ts.Region, ts.AccessKeyID, leakSecret)),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.aliecs_caller_identity.current", "identity_type", "AssumedRoleUser"),
				resource.TestCheckResourceAttr("data.aliecs_caller_identity.current", "arn",
					"acs:ram::"+emulator.DefaultAccountID+":role/"+stsbackend.DefaultRoleName+"/acctest-session"),
				func(s *terraform.State) error {
					return checkStateFiles(workDir, s.RootModule().Resources["aliecs_snapshot.test"].Primary.ID)
				},
			),
		}},
	})

	sessions := ts.STS().Sessions()
	if len(sessions) == 0 {
		t.Fatal("the emulator handed out no temporary credentials: AssumeRole was not called")
	}
	for _, s := range sessions {
		if s.Role.Name != stsbackend.DefaultRoleName || s.SessionName != "acctest-session" || s.Policy == "" {
			t.Errorf("session %s: role %q, name %q, policy %q: not the block's values", s.AccessKeyID, s.Role.Name, s.SessionName, s.Policy)
		}
	}
	// The emulator's log: the snapshot was created (and deleted) with a temporary key, never the long-term one.
	elog := emulatorLog.String()
	for _, action := range []string{"CreateSnapshot", "DeleteSnapshot"} {
		re := regexp.MustCompile(`action=` + action + ` status=200 .*access_key_id=(\S+)`)
		m := re.FindStringSubmatch(elog)
		if m == nil {
			t.Errorf("the emulator's log has no successful %s:\n%s", action, elog)
			continue
		}
		if _, temporary := ts.STS().Session(m[1]); !temporary {
			t.Errorf("%s was signed with %q, not a temporary key of the assumed role", action, m[1])
		}
	}
	if !regexp.MustCompile(`action=AssumeRole status=200 .*access_key_id=` + regexp.QuoteMeta(ts.AccessKeyID)).MatchString(elog) {
		t.Errorf("the emulator's log does not show AssumeRole with the long-term key:\n%s", elog)
	}

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := withoutHarnessConfig(string(raw))
	for _, want := range []string{"[TRACE]", "CreateSnapshot", "configuring the aliecs provider", "assumed with"} {
		if !strings.Contains(log, want) {
			t.Errorf("the provider's log (%d bytes) lacks %q: it did not capture what it should", len(log), want)
		}
	}
	secrets := leaks()
	for _, s := range sessions {
		secrets = append(secrets, s.AccessKeySecret, s.SecurityToken)
	}
	for _, leak := range secrets {
		if i := strings.Index(log, leak); i >= 0 {
			t.Errorf("the provider's log holds a secret at byte %d: ...%s...", i, excerpt(log, i))
		}
	}
}

// Bad assume_role and ecs_role_name arguments are refused at plan time, naming the argument, the value and the rule.
func TestAccProvider_assumeRoleArgumentsValidated(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	block := func(body string) string {
		return fmt.Sprintf(`
provider "aliecs" {
  region     = "cn-hangzhou"
  access_key = "ak"
  secret_key = "sk"
  %s
}

data "aliecs_snapshots" "all" {}
`, body)
	}
	cases := []struct{ body, want string }{
		{`assume_role {
    role_arn = "arn:aws:iam::123:role/x"
  }`, `(?s)assume_role.role_arn must have the form acs:ram::<account ID>:role/<role name>.*got: arn:aws:iam::123:role/x`},
		{`assume_role {
    role_arn           = "acs:ram::1234567890123456:role/r"
    session_expiration = 899
  }`, `(?s)assume_role.session_expiration.*between 900 and 43200, got: 899`},
		{`assume_role {
    role_arn           = "acs:ram::1234567890123456:role/r"
    session_expiration = 43201
  }`, `(?s)between 900 and 43200, got: 43201`},
		{`assume_role {
    role_arn     = "acs:ram::1234567890123456:role/r"
    session_name = "a b"
  }`, `(?s)assume_role.session_name.*2-64 characters`},
		{`assume_role {
    role_arn    = "acs:ram::1234567890123456:role/r"
    external_id = "a"
  }`, `(?s)assume_role.external_id string length must be between 2 and 1224, got: 1`},
		{`assume_role {
    role_arn = "acs:ram::1234567890123456:role/r"
    policy   = "{\"Statement\": []}"
  }`, `(?s)assume_role.policy.*"Version": "1"`},
		{`assume_role {
    role_arn = "acs:ram::1234567890123456:role/r"
  }
  endpoints {
    sts = "http://127.0.0.1:8699"
  }`, `(?s)"http://127.0.0.1:8699" \(from the endpoints.sts argument\) uses http.*https only`},
		{`ecs_role_name = "my-role"`, `(?s)ecs_role_name.*ecs_role_name and access_key are two sources`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		// Terraform wraps long messages: any space may be a line break.
		want := regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: block(tc.body), PlanOnly: true, ExpectError: want})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}
