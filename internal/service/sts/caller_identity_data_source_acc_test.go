package sts_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

const config = `
data "aliecs_caller_identity" "me" {}
`

// The identity of the provider's access key: against the emulator its configured account and RAM user,
// against the real cloud an account ID of 16 digits and an ARN of that account.
func TestAccCallerIdentityDataSource_accessKey(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{Emulator: emulator.Config{AccountID: "5123456789012345", UserName: "ci-bot"}})
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("account_id"),
			knownvalue.StringRegexp(regexp.MustCompile(`^\d{16}$`))),
		statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("arn"),
			knownvalue.StringRegexp(regexp.MustCompile(`^acs:ram::\d{16}:`))),
	}
	if env.Emulator != nil {
		checks = append(checks,
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("id"), knownvalue.StringExact("5123456789012345")),
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("account_id"), knownvalue.StringExact("5123456789012345")),
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("arn"), knownvalue.StringExact("acs:ram::5123456789012345:user/ci-bot")),
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("identity_type"), knownvalue.StringExact("RAMUser")),
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("user_id"), knownvalue.StringExact(emulator.DefaultUserID)),
			statecheck.ExpectKnownValue("data.aliecs_caller_identity.me", tfjsonpath.New("role_id"), knownvalue.Null()),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps:                    []resource.TestStep{{Config: env.ProviderConfig() + config, ConfigStateChecks: checks}},
	})
}

// With an STS token the caller is an assumed role: the role's ID is set and the user's is not.
func TestAccCallerIdentityDataSource_assumedRole(t *testing.T) {
	const token = "acc-sts-token"
	env := acctest.NewWithOptions(t, acctest.Options{Emulator: emulator.Config{SecurityTokens: []string{token}}})
	env.SkipIfRealCloud(t) // needs a token the emulator accepts
	me := "data.aliecs_caller_identity.me"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: env.ProviderConfigWith(fmt.Sprintf("security_token = %q", token)) + config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(me, tfjsonpath.New("identity_type"), knownvalue.StringExact("AssumedRoleUser")),
				statecheck.ExpectKnownValue(me, tfjsonpath.New("role_id"), knownvalue.StringExact(stsbackend.DefaultRoleID)),
				statecheck.ExpectKnownValue(me, tfjsonpath.New("user_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(me, tfjsonpath.New("arn"), knownvalue.StringRegexp(
					regexp.MustCompile(`^acs:ram::`+emulator.DefaultAccountID+`:role/`+stsbackend.DefaultRoleName+`/`))),
			},
		}},
	})
}

// A wrong secret fails the read with the API's error, naming the call.
func TestAccCallerIdentityDataSource_wrongSecret(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	bad := fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  access_key = %q
  secret_key = "not-the-secret"
  endpoints {
    ecs = %q
    sts = %q
  }
}
`, env.Emulator.Region, env.Emulator.AccessKeyID, env.Emulator.URL, env.Emulator.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config:      bad + config,
			ExpectError: regexp.MustCompile(`(?s)Cannot read the caller identity.*GetCallerIdentity.*SignatureDoesNotMatch`),
		}},
	})
}
