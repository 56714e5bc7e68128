package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/credentials-go/credentials"
)

// isolate clears every variable the provider and the credential chain read, points HOME at an empty
// directory and turns off the instance metadata lookup, so that only what a test sets is found.
func isolate(t *testing.T) string {
	t.Helper()
	for _, name := range []string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY",
		"ALICLOUD_SECURITY_TOKEN", "ALICLOUD_REGION", "ALICLOUD_PROFILE", "ALIECS_ENDPOINT",
		"ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_ROLE_ARN",
		"ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_ECS_METADATA",
		"ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
		"ALICLOUD_ECS_ROLE_NAME", "ALICLOUD_ASSUME_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME",
		"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "ALIBABA_CLOUD_EXTERNAL_ID", "ALIECS_STS_ENDPOINT",
	} {
		t.Setenv(name, "")
	}
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	home := t.TempDir()
	t.Setenv("HOME", home)
	return home
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustResolve(t *testing.T, s settings) resolved {
	t.Helper()
	r, problems := resolve(s)
	if len(problems) > 0 {
		t.Fatalf("unexpected problems:\n%s", strings.Join(problems, "\n"))
	}
	return r
}

func assertCredential(t *testing.T, c credentials.Credential, ak, sk, token string) {
	t.Helper()
	got, err := c.GetCredential()
	if err != nil {
		t.Fatal(err)
	}
	if v := deref(got.AccessKeyId); v != ak {
		t.Errorf("access key %q, want %q", v, ak)
	}
	if v := deref(got.AccessKeySecret); v != sk {
		t.Errorf("secret %q, want %q", v, sk)
	}
	if v := deref(got.SecurityToken); v != token {
		t.Errorf("token %q, want %q", v, token)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestResolve_argumentsWinOverEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-ak")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-sk")
	t.Setenv("ALIBABA_CLOUD_REGION_ID", "cn-shanghai")
	r := mustResolve(t, settings{Region: "cn-hangzhou", AccessKey: "arg-ak", SecretKey: "arg-sk"})
	if r.Region != "cn-hangzhou" || r.RegionSource != "the region argument" {
		t.Errorf("region %q from %q", r.Region, r.RegionSource)
	}
	assertCredential(t, r.Credential, "arg-ak", "arg-sk", "")
}

func TestResolve_officialVariablesBeforeAlicloudOnes(t *testing.T) {
	isolate(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "official-ak")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "official-sk")
	t.Setenv("ALICLOUD_ACCESS_KEY", "old-ak")
	t.Setenv("ALICLOUD_SECRET_KEY", "old-sk")
	t.Setenv("ALIBABA_CLOUD_REGION_ID", "cn-shanghai")
	t.Setenv("ALICLOUD_REGION", "cn-beijing")
	r := mustResolve(t, settings{})
	if r.Region != "cn-shanghai" || !strings.Contains(r.RegionSource, "ALIBABA_CLOUD_REGION_ID") {
		t.Errorf("region %q from %q", r.Region, r.RegionSource)
	}
	assertCredential(t, r.Credential, "official-ak", "official-sk", "")
}

func TestResolve_alicloudVariablesWithToken(t *testing.T) {
	isolate(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", "old-ak")
	t.Setenv("ALICLOUD_SECRET_KEY", "old-sk")
	t.Setenv("ALICLOUD_SECURITY_TOKEN", "old-token")
	t.Setenv("ALICLOUD_REGION", "cn-beijing")
	r := mustResolve(t, settings{})
	if r.Region != "cn-beijing" {
		t.Errorf("region %q", r.Region)
	}
	assertCredential(t, r.Credential, "old-ak", "old-sk", "old-token")
	if typ := deref(r.Credential.GetType()); typ != "sts" {
		t.Errorf("credential type %q, want sts", typ)
	}
}

func TestResolve_endpointFromEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("ALIECS_ENDPOINT", "http://127.0.0.1:8699")
	r := mustResolve(t, settings{Region: "cn-hangzhou", AccessKey: "a", SecretKey: "s"})
	if r.Endpoint != "http://127.0.0.1:8699" || !strings.Contains(r.EndpointSource, "ALIECS_ENDPOINT") {
		t.Errorf("endpoint %q from %q", r.Endpoint, r.EndpointSource)
	}
	r = mustResolve(t, settings{Region: "cn-hangzhou", AccessKey: "a", SecretKey: "s", Endpoint: "https://ecs.example.com"})
	if r.Endpoint != "https://ecs.example.com" {
		t.Errorf("the argument should win: %q", r.Endpoint)
	}
}

func TestResolve_nothingFoundListsEveryPlace(t *testing.T) {
	home := isolate(t)
	_, problems := resolve(settings{})
	if len(problems) != 2 {
		t.Fatalf("want one problem for the region and one for credentials, got %d:\n%s", len(problems), strings.Join(problems, "\n---\n"))
	}
	region, creds := problems[0], problems[1]
	for _, want := range []string{"region argument", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION", filepath.Join(home, ".aliyun", "config.json")} {
		if !strings.Contains(region, want) {
			t.Errorf("region problem does not mention %q:\n%s", want, region)
		}
	}
	for _, want := range []string{"access_key", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_PROFILE",
		"ALICLOUD_PROFILE", "OIDC", filepath.Join(home, ".aliyun", "config.json"), filepath.Join(home, ".alibabacloud", "credentials"), "RAM role"} {
		if !strings.Contains(creds, want) {
			t.Errorf("credentials problem does not mention %q:\n%s", want, creds)
		}
	}
}

func TestResolve_halfAnAccessKey(t *testing.T) {
	isolate(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", "ak")
	_, problems := resolve(settings{Region: "cn-hangzhou"})
	if len(problems) != 1 || !strings.Contains(problems[0], "no access key secret") ||
		!strings.Contains(problems[0], "ALIBABA_CLOUD_ACCESS_KEY_SECRET") || !strings.Contains(problems[0], "ALICLOUD_SECRET_KEY") {
		t.Fatalf("problems: %q", problems)
	}
	isolate(t)
	_, problems = resolve(settings{Region: "cn-hangzhou", SecretKey: "sk"})
	if len(problems) != 1 || !strings.Contains(problems[0], "no access key ID") {
		t.Fatalf("problems: %q", problems)
	}
	isolate(t)
	_, problems = resolve(settings{Region: "cn-hangzhou", SecurityToken: "tok"})
	if len(problems) != 1 || !strings.Contains(problems[0], "security token") {
		t.Fatalf("problems: %q", problems)
	}
}

const cliConfig = `{
  "current": "main",
  "profiles": [
    {"name": "main", "mode": "AK", "access_key_id": "cli-ak", "access_key_secret": "cli-sk", "region_id": "cn-shenzhen"},
    {"name": "other", "mode": "AK", "access_key_id": "other-ak", "access_key_secret": "other-sk", "region_id": "eu-central-1"}
  ]
}`

func TestResolve_defaultChainReadsCLIConfig(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), cliConfig)
	r := mustResolve(t, settings{})
	if r.Region != "cn-shenzhen" || !strings.Contains(r.RegionSource, `"main"`) {
		t.Errorf("region %q from %q", r.Region, r.RegionSource)
	}
	assertCredential(t, r.Credential, "cli-ak", "cli-sk", "")
}

func TestResolve_namedCLIProfile(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), cliConfig)
	r := mustResolve(t, settings{Profile: "other"})
	if r.Region != "eu-central-1" {
		t.Errorf("region %q", r.Region)
	}
	assertCredential(t, r.Credential, "other-ak", "other-sk", "")

	t.Setenv("ALICLOUD_PROFILE", "other")
	r = mustResolve(t, settings{})
	assertCredential(t, r.Credential, "other-ak", "other-sk", "")
}

func TestResolve_missingNamedProfile(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), cliConfig)
	_, problems := resolve(settings{Region: "cn-hangzhou", Profile: "nope"})
	if len(problems) != 1 || !strings.Contains(problems[0], `"nope"`) || !strings.Contains(problems[0], "config.json") {
		t.Fatalf("problems: %q", problems)
	}
}

func TestResolve_namedProfileFromCredentialsFile(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".alibabacloud", "credentials"), `
[default]
type = access_key
access_key_id = ini-default-ak
access_key_secret = ini-default-sk

[ci]
type = access_key
access_key_id = ini-ci-ak
access_key_secret = ini-ci-sk
`)
	r := mustResolve(t, settings{Region: "cn-hangzhou", Profile: "ci"})
	assertCredential(t, r.Credential, "ini-ci-ak", "ini-ci-sk", "")

	r = mustResolve(t, settings{Region: "cn-hangzhou"})
	assertCredential(t, r.Credential, "ini-default-ak", "ini-default-sk", "")
}

func TestResolve_neverShowsSecretsOfABrokenCLIConfig(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), `{"profiles": [{"access_key_secret": "TOP-SECRET"`)
	_, problems := resolve(settings{Region: "cn-hangzhou"})
	if len(problems) != 1 {
		t.Fatalf("problems: %q", problems)
	}
	if strings.Contains(problems[0], "TOP-SECRET") {
		t.Fatalf("the secret leaked into the message:\n%s", problems[0])
	}
	if !strings.Contains(problems[0], "not valid JSON") {
		t.Errorf("message does not say what is wrong:\n%s", problems[0])
	}
}

func TestResolve_profileArgumentBeatsKeysInEnvironment(t *testing.T) {
	home := isolate(t)
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), cliConfig)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-ak")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-sk")
	r := mustResolve(t, settings{Profile: "other"})
	assertCredential(t, r.Credential, "other-ak", "other-sk", "")

	// A profile only in the environment does not beat keys in the environment.
	t.Setenv("ALIBABA_CLOUD_PROFILE", "other")
	r = mustResolve(t, settings{Region: "cn-hangzhou"})
	assertCredential(t, r.Credential, "env-ak", "env-sk", "")
}
