package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The two role credentials of the provider block go through credentials-go's own providers, as the official
// alicloud provider's do: RAMRoleARNCredentialsProvider (STS AssumeRole) and ECSRAMRoleCredentialsProvider
// (instance metadata). Both cache their temporary credentials and fetch new ones when fewer than 180 seconds are
// left; neither is safe for concurrent use, hence lockedProvider.

// lockedProvider serialises a credentials-go provider: the SDK clients ask for the credential on every call, from
// many goroutines, and a refresh writes the provider's cached session.
type lockedProvider struct {
	mu sync.Mutex
	p  providers.CredentialsProvider
}

func (l *lockedProvider) GetCredentials() (*providers.Credentials, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p.GetCredentials()
}

func (l *lockedProvider) GetProviderName() string { return l.p.GetProviderName() }

// credentialAsProvider lets any resolved credential (access keys, profile, default chain, ECS role) be the one
// AssumeRole is called with.
type credentialAsProvider struct{ cred credentials.Credential }

func (c credentialAsProvider) GetCredentials() (*providers.Credentials, error) {
	m, err := c.cred.GetCredential()
	if err != nil {
		return nil, err
	}
	if m == nil || m.AccessKeyId == nil || m.AccessKeySecret == nil {
		return nil, errors.New("the credential has no access key")
	}
	out := &providers.Credentials{AccessKeyId: *m.AccessKeyId, AccessKeySecret: *m.AccessKeySecret, ProviderName: c.GetProviderName()}
	if m.SecurityToken != nil {
		out.SecurityToken = *m.SecurityToken
	}
	return out, nil
}

func (c credentialAsProvider) GetProviderName() string {
	if t := c.cred.GetType(); t != nil {
		return *t
	}
	return "credential"
}

// ecsRoleCredential gets the credentials of the ECS instance's RAM role from the metadata service, once now so
// that a machine that is no ECS instance (or lacks the role) fails at configure time.
func ecsRoleCredential(role, from string) (cred credentials.Credential, source, problem string) {
	p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role).Build()
	if err == nil {
		cred = credentials.FromCredentialsProvider("ecs_ram_role", &lockedProvider{p: p})
		if _, err = cred.GetCredential(); err == nil {
			return cred, fmt.Sprintf("ECS RAM role %q (from %s) through the instance metadata service", role, from), ""
		}
	}
	return nil, "", fmt.Sprintf("Cannot get the credentials of the ECS RAM role %q (from %s) from the instance metadata service "+
		"(http://%s/latest/meta-data/ram/security-credentials/%s): %s\n\nThe ECS RAM role works only on an ECS instance that has this "+
		"RAM role attached (and ALIBABA_CLOUD_ECS_METADATA_DISABLED not set to true); elsewhere use access keys, a profile or assume_role.",
		role, from, ecsMetadataHost, role, err)
}

// ecsMetadataHost is where credentials-go's ECS RAM role provider asks (fixed in its code).
const ecsMetadataHost = "100.100.100.200"

// assumeRoleCredential wraps base in STS AssumeRole of a.RoleARN and fetches the first temporary credentials
// now, so that a role that cannot be assumed fails at configure time, naming the credential that tried.
func assumeRoleCredential(base credentials.Credential, baseFrom string, a resolvedAssumeRole, region, stsEndpoint, stsEndpointFrom string) (credentials.Credential, string, string) {
	host, where, problem := assumeRoleHost(region, stsEndpoint, stsEndpointFrom)
	if problem != "" {
		return nil, "", problem
	}
	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(credentialAsProvider{cred: base}).
		WithRoleArn(a.RoleARN).WithRoleSessionName(a.SessionName).WithDurationSeconds(a.SessionExpiration).
		WithExternalId(a.ExternalID).WithPolicy(a.Policy).
		WithStsEndpoint(host).
		Build()
	var cred credentials.Credential
	if err == nil {
		cred = credentials.FromCredentialsProvider("ram_role_arn", &lockedProvider{p: p})
		_, err = cred.GetCredential()
	}
	if err != nil {
		return nil, "", fmt.Sprintf("Cannot assume the RAM role %s (from %s) at %s, with the credentials of %s: %s\n\n"+
			"Check that the role exists, that its trust policy names the caller (and the external ID, if it requires one), that the "+
			"caller may call sts:AssumeRole (policy AliyunSTSAssumeRoleAccess), and that session_expiration is within the role's "+
			"maximum session duration.", a.RoleARN, a.RoleARNSource, where, baseFrom, assumeRoleError(err))
	}
	return cred, fmt.Sprintf("RAM role %s (from %s, session %q) assumed with %s", a.RoleARN, a.RoleARNSource, a.SessionName, baseFrom), ""
}

// assumeRoleHost is the host[:port] credentials-go is to dial (it adds https:// itself) and how to name it.
func assumeRoleHost(region, endpoint, from string) (host, where, problem string) {
	if endpoint == "" {
		u := client.DefaultEndpoint(client.ProductSTS, region)
		return strings.TrimPrefix(u, "https://"), u, ""
	}
	if p := assumeRoleEndpointProblem(endpoint, from); p != "" {
		return "", "", p
	}
	host, _, err := client.ResolveEndpoint(client.ProductSTS, region, endpoint)
	if err != nil {
		return "", "", err.Error()
	}
	return host, fmt.Sprintf("https://%s (from %s)", host, from), ""
}

// assumeRoleError shortens credentials-go's "refresh session token failed: <JSON body>" to the API's code and
// message, which is all the body says that helps.
func assumeRoleError(err error) string {
	msg := err.Error()
	const prefix = "refresh session token failed: "
	body, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return msg
	}
	var e struct{ Code, Message, RequestId string } //nolint:revive // wire names
	if jsonErr := json.Unmarshal([]byte(body), &e); jsonErr != nil || e.Code == "" {
		return msg
	}
	return fmt.Sprintf("STS answered %s: %s (request ID %s)", e.Code, e.Message, e.RequestId)
}
