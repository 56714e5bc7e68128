package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
)

// assumeRoleModel mirrors the assume_role block; nil when the block is absent.
type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	ExternalID        types.String `tfsdk:"external_id"`
	Policy            types.String `tfsdk:"policy"`
}

// AssumeRole's limits, as STS documents them
// (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole) and as the
// official alicloud provider checks session_expiration (900-43200).
const (
	minSessionExpiration     = 900
	maxSessionExpiration     = 43200
	defaultSessionExpiration = 3600
	defaultSessionName       = "terraform" // the official alicloud provider's default
	maxPolicyLength          = 2048
	minExternalIDLength      = 2
	maxExternalIDLength      = 1224
)

var (
	// acs:ram::<account ID>:role/<role name>; role names are 1-64 letters, digits, periods and hyphens
	// (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createrole).
	roleARNPattern     = regexp.MustCompile(`^acs:ram::[0-9]+:role/[A-Za-z0-9.\-]{1,64}$`)
	sessionNamePattern = regexp.MustCompile(`^[A-Za-z0-9.@\-_]{2,64}$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/\-]+$`)
)

const (
	roleARNRule     = "acs:ram::<account ID>:role/<role name>, the account ID digits and the role name 1-64 letters, digits, '.' or '-'"
	sessionNameRule = "2-64 characters: letters, digits, '.', '@', '-' and '_'"
	externalIDRule  = "2-1224 characters: letters, digits, '_', '+', '=', ',', '.', '@', ':', '/' and '-'"
	policyRule      = "a RAM policy document in JSON (an object with \"Version\": \"1\" and a \"Statement\" list) of at most 2048 characters"
)

var (
	assumeRoleEnvARN        = []string{"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"}
	assumeRoleEnvName       = []string{"ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"}
	assumeRoleEnvExpiration = []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"}
	assumeRoleEnvExternalID = []string{"ALIBABA_CLOUD_EXTERNAL_ID"}
	ecsRoleNameEnv          = []string{"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"}
)

func ecsRoleNameAttribute() schema.StringAttribute {
	md := "The name of the RAM role attached to the ECS instance Terraform runs on: the provider gets temporary credentials of " +
		"that role from the instance metadata service (`http://100.100.100.200/latest/meta-data/ram/security-credentials/<ecs_role_name>`), " +
		"through the Alibaba Cloud credentials library, and renews them before they expire. Not allowed together with `access_key`, " +
		"`secret_key` or `profile`; as an argument it beats access keys in the environment. " +
		"Falls back to `ALICLOUD_ECS_ROLE_NAME`, then `ALIBABA_CLOUD_ECS_METADATA` (used when no access key argument, profile argument " +
		"or access key variables are set). Works only on an ECS instance: elsewhere the metadata address does not answer."
	return schema.StringAttribute{Optional: true, Description: schemas.Plain(md), MarkdownDescription: md,
		Validators: []validator.String{stringvalidator.LengthBetween(1, 64)}}
}

func assumeRoleBlock() schema.SingleNestedBlock {
	attr := schemas.Described
	blockD, blockMD := attr("Assume a RAM role: the provider calls STS `AssumeRole` with the credentials it found otherwise " +
		"(access keys, profile, `ecs_role_name`, the default chain) and makes every API call with the role's temporary credentials, " +
		"renewed before they expire. STS is called over HTTPS only, at `endpoints.sts` (which must then be an `https` URL) or " +
		"`sts.<region>.aliyuncs.com`.")
	arnD, arnMD := attr("The ARN of the role to assume: `" + roleARNRule + "`, such as `acs:ram::1234567890123456:role/terraform`. " +
		"Falls back to `ALICLOUD_ASSUME_ROLE_ARN`, then `ALIBABA_CLOUD_ROLE_ARN`; one of them is needed.")
	nameD, nameMD := attr("The role session name, which the role's session ARN and the audit trail (ActionTrail) show: " + sessionNameRule +
		". Falls back to `ALICLOUD_ASSUME_ROLE_SESSION_NAME`, then `ALIBABA_CLOUD_ROLE_SESSION_NAME`. Default: `terraform`.")
	expD, expMD := attr(fmt.Sprintf("How long the temporary credentials are valid, in seconds: %d to %d, and at most the role's "+
		"maximum session duration (3600 unless the role's `MaxSessionDuration` is raised). They are renewed before they expire. "+
		"Falls back to `ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION`. Default: `%d`.", minSessionExpiration, maxSessionExpiration, defaultSessionExpiration))
	extD, extMD := attr("The external ID that the role's trust policy requires (condition `sts:ExternalId`), as a third party " +
		"that manages your account is given: " + externalIDRule + ". Falls back to `ALIBABA_CLOUD_EXTERNAL_ID`.")
	polD, polMD := attr("A RAM policy that narrows the session's permissions to those it shares with the role's: " + policyRule + ".")
	return schema.SingleNestedBlock{
		Description: blockD, MarkdownDescription: blockMD,
		Attributes: map[string]schema.Attribute{
			"role_arn": schema.StringAttribute{Optional: true, Description: arnD, MarkdownDescription: arnMD,
				Validators: []validator.String{stringvalidator.RegexMatches(roleARNPattern, "must have the form "+roleARNRule)}},
			"session_name": schema.StringAttribute{Optional: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: []validator.String{stringvalidator.RegexMatches(sessionNamePattern, "must be "+sessionNameRule)}},
			"session_expiration": schema.Int64Attribute{Optional: true, Description: expD, MarkdownDescription: expMD,
				Validators: []validator.Int64{int64validator.Between(minSessionExpiration, maxSessionExpiration)}},
			"external_id": schema.StringAttribute{Optional: true, Description: extD, MarkdownDescription: extMD,
				Validators: []validator.String{
					stringvalidator.LengthBetween(minExternalIDLength, maxExternalIDLength),
					stringvalidator.RegexMatches(externalIDPattern, "must be "+externalIDRule),
				}},
			"policy": schema.StringAttribute{Optional: true, Description: polD, MarkdownDescription: polMD,
				Validators: []validator.String{policyValidator{}}},
		},
	}
}

// policyValidator checks at plan time what STS checks (InvalidParameter.PolicySize, InvalidParameter.PolicyGrammar).
type policyValidator struct{}

func (policyValidator) Description(context.Context) string               { return "must be " + policyRule }
func (v policyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (policyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	if problem := checkPolicy(v); problem != "" {
		shown := v
		if len(shown) > 80 {
			shown = shown[:80] + "..."
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid session policy", fmt.Sprintf("%s %q: %s", req.Path, shown, problem))
	}
}

func checkPolicy(policy string) string {
	if len(policy) == 0 || len(policy) > maxPolicyLength {
		return fmt.Sprintf("The policy is %d characters long; STS takes 1 to %d.", len(policy), maxPolicyLength)
	}
	var doc struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return fmt.Sprintf("The policy is not valid JSON (%v); it must be %s. jsonencode() builds one from an object.", err, policyRule)
	}
	if doc.Version != "1" || len(doc.Statement) == 0 {
		return "The policy must be " + policyRule + "."
	}
	return ""
}

// validateCredentialArguments checks what spans the credential arguments: ecs_role_name is a credential source of
// its own, and assume_role calls STS over HTTPS only.
func (m providerModel) validateCredentialArguments(diags *diag.Diagnostics) {
	if !m.ECSRoleName.IsNull() {
		for name, v := range map[string]types.String{"access_key": m.AccessKey, "secret_key": m.SecretKey, "profile": m.Profile} {
			if !v.IsNull() {
				diags.AddAttributeError(path.Root("ecs_role_name"), "Conflicting credential sources",
					fmt.Sprintf("ecs_role_name and %s are two sources of credentials: set one of them. To assume a role with the "+
						"ECS instance's credentials, or with access keys, use the assume_role block.", name))
			}
		}
	}
	if m.AssumeRole == nil || m.Endpoints == nil || m.Endpoints.STS.IsNull() || m.Endpoints.STS.IsUnknown() {
		return
	}
	if problem := assumeRoleEndpointProblem(m.Endpoints.STS.ValueString(), "the endpoints.sts argument"); problem != "" {
		diags.AddAttributeError(path.Root("endpoints").AtName("sts"), "Invalid STS endpoint for assume_role", problem)
	}
}

// assumeRoleEndpointProblem says why an STS endpoint cannot serve AssumeRole: the credentials library dials it
// with https whatever the URL says.
func assumeRoleEndpointProblem(endpoint, from string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme == "https" || u.Scheme == "" {
		return ""
	}
	return fmt.Sprintf("The STS endpoint %q (from %s) uses %s, but assume_role calls STS AssumeRole through the Alibaba Cloud credentials library, "+
		"which uses https only. Give an https URL (the ecs-emulator serves one with -tls-listen; make the provider trust its CA with "+
		"SSL_CERT_FILE), or leave endpoints.sts unset for sts.<region>.aliyuncs.com.", endpoint, from, u.Scheme)
}

func (m providerModel) unknownCredentialArguments() []string {
	var names []string
	if m.ECSRoleName.IsUnknown() {
		names = append(names, "ecs_role_name")
	}
	if a := m.AssumeRole; a != nil {
		for name, v := range map[string]interface{ IsUnknown() bool }{
			"assume_role.role_arn": a.RoleARN, "assume_role.session_name": a.SessionName,
			"assume_role.session_expiration": a.SessionExpiration, "assume_role.external_id": a.ExternalID, "assume_role.policy": a.Policy,
		} {
			if v.IsUnknown() {
				names = append(names, name)
			}
		}
	}
	return names
}

// assumeRoleSettings are the block's values; nil when the block is absent.
func (m providerModel) assumeRoleSettings() *assumeRoleSettings {
	a := m.AssumeRole
	if a == nil {
		return nil
	}
	return &assumeRoleSettings{
		RoleARN: a.RoleARN.ValueString(), SessionName: a.SessionName.ValueString(),
		SessionExpiration: int(a.SessionExpiration.ValueInt64()), ExternalID: a.ExternalID.ValueString(), Policy: a.Policy.ValueString(),
	}
}

// assumeRoleSettings are the assume_role arguments once known; empty (0) means not set.
type assumeRoleSettings struct {
	RoleARN, SessionName, ExternalID, Policy string
	SessionExpiration                        int
}

// resolvedAssumeRole is the block's values after the environment fallbacks and defaults, checked.
type resolvedAssumeRole struct {
	RoleARN, RoleARNSource, SessionName, ExternalID, Policy string
	SessionExpiration                                       int
}

// resolveAssumeRole fills the block's unset values from the environment and the defaults, and checks the values
// that came from the environment with the rules the schema applies to arguments.
func resolveAssumeRole(a assumeRoleSettings) (resolvedAssumeRole, []string) {
	var r resolvedAssumeRole
	var problems []string
	r.RoleARN, r.RoleARNSource = first(source{"the assume_role.role_arn argument", a.RoleARN}, assumeRoleEnvARN...)
	if r.RoleARN == "" {
		problems = append(problems, "assume_role has no role ARN. Looked in:\n  - "+
			strings.Join(places("the assume_role.role_arn argument", assumeRoleEnvARN...), "\n  - "))
	} else if !roleARNPattern.MatchString(r.RoleARN) {
		problems = append(problems, fmt.Sprintf("The role ARN %q (from %s) must have the form %s.", r.RoleARN, r.RoleARNSource, roleARNRule))
	}
	var nameFrom string
	r.SessionName, nameFrom = first(source{"the assume_role.session_name argument", a.SessionName}, assumeRoleEnvName...)
	if r.SessionName == "" {
		r.SessionName = defaultSessionName
	} else if !sessionNamePattern.MatchString(r.SessionName) {
		problems = append(problems, fmt.Sprintf("The role session name %q (from %s) must be %s.", r.SessionName, nameFrom, sessionNameRule))
	}
	r.SessionExpiration = a.SessionExpiration
	if r.SessionExpiration == 0 {
		r.SessionExpiration = defaultSessionExpiration
		if v, from := first(source{}, assumeRoleEnvExpiration...); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < minSessionExpiration || n > maxSessionExpiration {
				problems = append(problems, fmt.Sprintf("The session expiration %q (from %s) must be a whole number of seconds from %d to %d.",
					v, from, minSessionExpiration, maxSessionExpiration))
			}
			r.SessionExpiration = n
		}
	}
	var extFrom string
	r.ExternalID, extFrom = first(source{"the assume_role.external_id argument", a.ExternalID}, assumeRoleEnvExternalID...)
	if r.ExternalID != "" && (len(r.ExternalID) < minExternalIDLength || len(r.ExternalID) > maxExternalIDLength || !externalIDPattern.MatchString(r.ExternalID)) {
		problems = append(problems, fmt.Sprintf("The external ID (from %s) must be %s.", extFrom, externalIDRule))
	}
	r.Policy = a.Policy
	return r, problems
}
