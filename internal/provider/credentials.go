package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
)

// settings are the provider arguments once known; empty means not set.
type settings struct {
	Region, AccessKey, SecretKey, SecurityToken, Profile string
	// Endpoint is ECS's: endpoints.ecs, or its shorthand endpoint (ValidateConfig refuses both at once).
	Endpoint, STSEndpoint, ECDEndpoint string
	Insecure                           bool
	// ECSRoleName is the ecs_role_name argument; AssumeRole the assume_role block (nil when absent).
	ECSRoleName string
	AssumeRole  *assumeRoleSettings
}

// resolved is what Configure hands the client, with where each part came from (for logs and errors).
type resolved struct {
	Region, RegionSource           string
	Credential                     credentials.Credential
	CredentialSource               string
	Endpoint, EndpointSource       string // ECS
	STSEndpoint, STSEndpointSource string
	ECDEndpoint, ECDEndpointSource string
}

// source is one place a value may come from: a provider argument's value, or an environment variable.
type source struct {
	name  string // "the region argument", "ALIBABA_CLOUD_REGION_ID"
	value string
}

// first returns the first non-empty source; the provider argument comes first, then the official SDK's
// variable, then the one of the older alicloud provider.
func first(arg source, envNames ...string) (value, from string) {
	if arg.value != "" {
		return arg.value, arg.name
	}
	for _, name := range envNames {
		if v := os.Getenv(name); v != "" {
			return v, "environment variable " + name
		}
	}
	return "", ""
}

func places(arg string, envNames ...string) []string {
	out := []string{arg}
	for _, n := range envNames {
		out = append(out, "environment variable "+n)
	}
	return out
}

var (
	regionEnv      = []string{"ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"}
	accessKeyEnv   = []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"}
	secretKeyEnv   = []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"}
	tokenEnv       = []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"}
	profileEnv     = []string{"ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"}
	endpointEnv    = []string{"ALIECS_ENDPOINT"}
	stsEndpointEnv = []string{"ALIECS_STS_ENDPOINT"}
	ecdEndpointEnv = []string{"ALIECS_ECD_ENDPOINT"}
)

// resolve finds region, credentials and endpoint. When something is missing it returns one problem per
// missing thing, each listing every place that was looked at, so that one run tells the user all to fix.
func resolve(s settings) (resolved, []string) {
	var r resolved
	var problems []string

	profile, profileFrom := first(source{"the profile argument", s.Profile}, profileEnv...)
	r.Endpoint, r.EndpointSource = first(source{"the endpoint argument", s.Endpoint}, endpointEnv...)
	r.STSEndpoint, r.STSEndpointSource = first(source{"the endpoints.sts argument", s.STSEndpoint}, stsEndpointEnv...)
	r.ECDEndpoint, r.ECDEndpointSource = first(source{"the endpoints.ecd argument", s.ECDEndpoint}, ecdEndpointEnv...)

	r.Region, r.RegionSource = first(source{"the region argument", s.Region}, regionEnv...)
	if r.Region == "" {
		r.Region, r.RegionSource = cliProfileRegion(profile)
	}
	if r.Region == "" {
		looked := append(places("the region argument", regionEnv...), "region_id of the Aliyun CLI profile in "+cliConfigPath())
		problems = append(problems, "No region found. Looked in:\n  - "+strings.Join(looked, "\n  - "))
	}

	cred, credFrom, problem := resolveCredential(s, profile, profileFrom)
	if problem != "" {
		problems = append(problems, problem)
	} else {
		r.Credential, r.CredentialSource = cred, credFrom
	}
	if s.AssumeRole != nil {
		ar, arProblems := resolveAssumeRole(*s.AssumeRole)
		problems = append(problems, arProblems...)
		if len(problems) == 0 {
			// The role is assumed with whatever credential was found, once everything else is known to be right.
			cred, credFrom, problem := assumeRoleCredential(r.Credential, r.CredentialSource, ar, r.Region, r.STSEndpoint, r.STSEndpointSource)
			if problem != "" {
				problems = append(problems, problem)
			} else {
				r.Credential, r.CredentialSource = cred, credFrom
			}
		}
	}

	if len(problems) > 0 {
		return resolved{}, problems
	}
	return r, nil
}

// resolveCredential prefers access keys given as arguments, then a profile given as argument, then access
// keys from the environment, then a profile from the environment, then the SDK's default chain, and fetches the credential once so that a missing one fails here, at
// configure time, rather than on the first API call.
func resolveCredential(s settings, profile, profileFrom string) (cred credentials.Credential, from, problem string) {
	// A profile named in the configuration beats keys that merely sit in the environment (a CI job's, say).
	if s.Profile != "" && s.AccessKey == "" && s.SecretKey == "" {
		return profileCredential(profile, profileFrom)
	}
	// So does an ECS role named in the configuration (ValidateConfig refuses it next to keys or a profile).
	if s.ECSRoleName != "" && s.AccessKey == "" && s.SecretKey == "" {
		return ecsRoleCredential(s.ECSRoleName, "the ecs_role_name argument")
	}
	ak, akFrom := first(source{"the access_key argument", s.AccessKey}, accessKeyEnv...)
	sk, skFrom := first(source{"the secret_key argument", s.SecretKey}, secretKeyEnv...)
	token, tokenFrom := first(source{"the security_token argument", s.SecurityToken}, tokenEnv...)

	switch {
	case ak != "" && sk != "":
		cfg := new(credentials.Config).SetType("access_key").SetAccessKeyId(ak).SetAccessKeySecret(sk)
		from := fmt.Sprintf("access key from %s, secret from %s", akFrom, skFrom)
		if token != "" {
			cfg.SetType("sts").SetSecurityToken(token)
			from += ", security token from " + tokenFrom
		}
		cred, err := credentials.NewCredential(cfg)
		if err != nil {
			return nil, "", "Invalid static credentials: " + err.Error()
		}
		return cred, from, ""
	case ak != "":
		return nil, "", fmt.Sprintf("An access key ID was found (%s) but no access key secret. Looked in:\n  - %s",
			akFrom, strings.Join(places("the secret_key argument", secretKeyEnv...), "\n  - "))
	case sk != "":
		return nil, "", fmt.Sprintf("An access key secret was found (%s) but no access key ID. Looked in:\n  - %s",
			skFrom, strings.Join(places("the access_key argument", accessKeyEnv...), "\n  - "))
	case token != "":
		return nil, "", fmt.Sprintf("A security token was found (%s) but no access key ID and secret to go with it. Looked in:\n  - %s",
			tokenFrom, strings.Join(append(places("the access_key argument", accessKeyEnv...),
				places("the secret_key argument", secretKeyEnv...)...), "\n  - "))
	}

	if profile != "" {
		return profileCredential(profile, profileFrom)
	}
	if role, from := first(source{}, ecsRoleNameEnv...); role != "" {
		return ecsRoleCredential(role, from)
	}

	cred, err := credentials.NewCredential(nil)
	if err == nil {
		_, err = cred.GetCredential()
	}
	if err != nil {
		looked := []string{
			"the access_key and secret_key arguments (with security_token)",
			"environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (with ALIBABA_CLOUD_SECURITY_TOKEN)",
			"environment variables ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (with ALICLOUD_SECURITY_TOKEN)",
			"the profile argument and environment variables ALIBABA_CLOUD_PROFILE and ALICLOUD_PROFILE (none set)",
			"an OIDC role: environment variables ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE",
			"the current profile of the Aliyun CLI configuration " + cliConfigPath(),
			"the [default] profile of the credentials file " + credentialsFilePath(),
			"the ECS instance RAM role (instance metadata service; ALIBABA_CLOUD_ECS_METADATA names the role)",
		}
		return nil, "", fmt.Sprintf("No Alibaba Cloud credentials found. Looked in, in order:\n  - %s\n\nDetails: %s",
			strings.Join(looked, "\n  - "), redact(err.Error()))
	}
	return cred, "the default credential chain", ""
}

// profileCredential reads a named profile from the Aliyun CLI configuration, or, when that file does not
// exist, from the credentials file, the two places the SDKs keep named profiles.
func profileCredential(name, from string) (cred credentials.Credential, source, problem string) {
	cliPath := cliConfigPath()
	if _, statErr := os.Stat(cliPath); statErr == nil {
		p, err := providers.NewCLIProfileCredentialsProviderBuilder().WithProfileFile(cliPath).WithProfileName(name).Build()
		if err == nil {
			cred = credentials.FromCredentialsProvider("cli_profile", p)
			if _, err = cred.GetCredential(); err == nil {
				return cred, fmt.Sprintf("profile %q (from %s) of %s", name, from, cliPath), ""
			}
		}
		return nil, "", fmt.Sprintf("Cannot use profile %q (from %s) of the Aliyun CLI configuration %s: %s",
			name, from, cliPath, redact(err.Error()))
	}
	iniPath := credentialsFilePath()
	p, err := providers.NewProfileCredentialsProviderBuilder().WithProfileName(name).Build()
	if err == nil {
		cred = credentials.FromCredentialsProvider("profile", p)
		if _, err = cred.GetCredential(); err == nil {
			return cred, fmt.Sprintf("profile %q (from %s) of %s", name, from, iniPath), ""
		}
	}
	return nil, "", fmt.Sprintf("Cannot find profile %q (from %s). Looked in:\n  - the Aliyun CLI configuration %s (does not exist)\n  - the credentials file %s: %s",
		name, from, cliPath, iniPath, redact(err.Error()))
}

// cliProfileRegion reads region_id of the named (or current) profile of the Aliyun CLI configuration.
// Any problem with the file means no region from it; the credential lookup reports the file's problems.
func cliProfileRegion(profile string) (region, from string) {
	path := cliConfigPath()
	data, err := os.ReadFile(path)
	if err != nil {
		return "", ""
	}
	var conf struct {
		Current  string `json:"current"`
		Profiles []struct {
			Name     string `json:"name"`
			RegionID string `json:"region_id"`
		} `json:"profiles"`
	}
	if json.Unmarshal(data, &conf) != nil {
		return "", ""
	}
	if profile == "" {
		profile = conf.Current
	}
	for _, p := range conf.Profiles {
		if p.Name == profile && p.RegionID != "" {
			return p.RegionID, fmt.Sprintf("region_id of profile %q in %s", profile, path)
		}
	}
	return "", ""
}

func cliConfigPath() string {
	if p := os.Getenv("ALIBABA_CLOUD_CONFIG_FILE"); p != "" {
		return p
	}
	return filepath.Join(homeDir(), ".aliyun", "config.json")
}

func credentialsFilePath() string {
	if p := os.Getenv("ALIBABA_CLOUD_CREDENTIALS_FILE"); p != "" {
		return p
	}
	return filepath.Join(homeDir(), ".alibabacloud", "credentials")
}

func homeDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "~"
	}
	return home
}

// redact cuts what follows "failed:" in the SDK's complaint about an unparsable CLI configuration,
// because the SDK quotes the whole file there, secrets included.
func redact(msg string) string {
	const marker = "unmarshal aliyun cli config from"
	i := strings.Index(msg, marker)
	if i < 0 {
		return msg
	}
	j := strings.Index(msg[i:], "failed:")
	if j < 0 {
		return msg
	}
	return msg[:i+j] + "failed: the file is not valid JSON (its content is not shown: it may hold secrets)"
}
