package provider

import (
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

func wantProblem(t *testing.T, problems []string, parts ...string) {
	t.Helper()
	all := strings.Join(problems, "\n")
	for _, p := range parts {
		if !strings.Contains(all, p) {
			t.Errorf("the problems lack %q:\n%s", p, all)
		}
	}
}

func TestResolveAssumeRole_environmentAndDefaults(t *testing.T) {
	isolate(t)
	r, problems := resolveAssumeRole(assumeRoleSettings{RoleARN: "acs:ram::1234567890123456:role/a"})
	if len(problems) > 0 || r.SessionName != "terraform" || r.SessionExpiration != 3600 || r.RoleARNSource != "the assume_role.role_arn argument" {
		t.Fatalf("defaults: %+v %v", r, problems)
	}
	t.Setenv("ALICLOUD_ASSUME_ROLE_ARN", "acs:ram::1234567890123456:role/from-env")
	t.Setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "env-session")
	t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "1800")
	t.Setenv("ALIBABA_CLOUD_EXTERNAL_ID", "ext-1")
	r, problems = resolveAssumeRole(assumeRoleSettings{})
	if len(problems) > 0 || r.RoleARN != "acs:ram::1234567890123456:role/from-env" || r.SessionName != "env-session" ||
		r.SessionExpiration != 1800 || r.ExternalID != "ext-1" {
		t.Fatalf("from the environment: %+v %v", r, problems)
	}
	// Arguments beat the environment.
	r, _ = resolveAssumeRole(assumeRoleSettings{RoleARN: "acs:ram::1:role/arg", SessionName: "arg", SessionExpiration: 900})
	if r.RoleARN != "acs:ram::1:role/arg" || r.SessionName != "arg" || r.SessionExpiration != 900 {
		t.Fatalf("arguments: %+v", r)
	}
}

// Values from the environment skip the schema's validators, so they are checked here, naming the variable.
func TestResolveAssumeRole_badEnvironmentValuesNamed(t *testing.T) {
	isolate(t)
	_, problems := resolveAssumeRole(assumeRoleSettings{})
	wantProblem(t, problems, "assume_role has no role ARN", "ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN")
	t.Setenv("ALIBABA_CLOUD_ROLE_ARN", "arn:aws:iam::1:role/x")
	t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_NAME", "a b")
	t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "60")
	t.Setenv("ALIBABA_CLOUD_EXTERNAL_ID", "x")
	_, problems = resolveAssumeRole(assumeRoleSettings{})
	wantProblem(t, problems,
		`"arn:aws:iam::1:role/x" (from environment variable ALIBABA_CLOUD_ROLE_ARN) must have the form acs:ram::`,
		`"a b" (from environment variable ALICLOUD_ASSUME_ROLE_SESSION_NAME) must be 2-64 characters`,
		`"60" (from environment variable ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION) must be a whole number of seconds from 900 to 43200`,
		`external ID (from environment variable ALIBABA_CLOUD_EXTERNAL_ID) must be 2-1224 characters`)
}

// A role that cannot be assumed fails at configure time with STS's code, the role, the STS endpoint and the
// credential that tried; one that can gives the role's temporary keys.
func TestResolve_assumeRoleAgainstEmulator(t *testing.T) {
	isolate(t)
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{}, emulator.WithTLS())
	s := settings{Region: ts.Region, AccessKey: ts.AccessKeyID, SecretKey: ts.AccessKeySecret, STSEndpoint: ts.TLSURL,
		AssumeRole: &assumeRoleSettings{RoleARN: "acs:ram::" + emulator.DefaultAccountID + ":role/" + stsbackend.DefaultRoleName, SessionName: "unit"}}
	r := mustResolve(t, s)
	m, err := r.Credential.GetCredential()
	if err != nil || !strings.HasPrefix(*m.AccessKeyId, "STS.") || *m.SecurityToken == "" {
		t.Fatalf("assumed credential: %v %v", m, err)
	}
	if !strings.Contains(r.CredentialSource, "assumed with access key from the access_key argument") {
		t.Errorf("credential source %q", r.CredentialSource)
	}

	s.AssumeRole = &assumeRoleSettings{RoleARN: "acs:ram::" + emulator.DefaultAccountID + ":role/nobody"}
	_, problems := resolve(s)
	wantProblem(t, problems, "Cannot assume the RAM role acs:ram::"+emulator.DefaultAccountID+":role/nobody (from the assume_role.role_arn argument)",
		"at https://"+ts.TLSEndpoint+" (from the endpoints.sts argument)", "with the credentials of access key from the access_key argument",
		"STS answered EntityNotExist.Role: The specified Role not exists.")

	s.AssumeRole = &assumeRoleSettings{RoleARN: "acs:ram::" + emulator.DefaultAccountID + ":role/" + stsbackend.DefaultRoleName, SessionExpiration: 7200}
	_, problems = resolve(s)
	wantProblem(t, problems, "InvalidParameter.DurationSeconds", "maximum session duration")
}

func TestResolve_assumeRoleRefusesPlainHTTPEndpointFromEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("ALIECS_STS_ENDPOINT", "http://127.0.0.1:1")
	_, problems := resolve(settings{Region: "cn-hangzhou", AccessKey: "ak", SecretKey: "sk",
		AssumeRole: &assumeRoleSettings{RoleARN: "acs:ram::1:role/r"}})
	wantProblem(t, problems, `The STS endpoint "http://127.0.0.1:1" (from environment variable ALIECS_STS_ENDPOINT) uses http`, "https only")
}

func TestResolve_ecsRoleNameOffECSNamesRoleAndMetadataService(t *testing.T) {
	isolate(t) // ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: no call to 100.100.100.200 from a unit test
	_, problems := resolve(settings{Region: "cn-hangzhou", ECSRoleName: "my-role"})
	wantProblem(t, problems, `ECS RAM role "my-role" (from the ecs_role_name argument)`,
		"http://100.100.100.200/latest/meta-data/ram/security-credentials/my-role", "IMDS credentials is disabled",
		"works only on an ECS instance")
	t.Setenv("ALICLOUD_ECS_ROLE_NAME", "env-role")
	_, problems = resolve(settings{Region: "cn-hangzhou"})
	wantProblem(t, problems, `ECS RAM role "env-role" (from environment variable ALICLOUD_ECS_ROLE_NAME)`)
	// Keys in the arguments win over a role name in the environment.
	r := mustResolve(t, settings{Region: "cn-hangzhou", AccessKey: "ak", SecretKey: "sk"})
	if !strings.HasPrefix(r.CredentialSource, "access key from the access_key argument") {
		t.Errorf("credential source %q", r.CredentialSource)
	}
}
