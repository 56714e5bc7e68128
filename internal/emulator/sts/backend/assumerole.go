package backend

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// AssumeRole's documented limits (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole).
const (
	MinDurationSeconds     = 900
	DefaultDurationSeconds = 3600
	// DefaultMaxSessionDuration is a role's MaxSessionDuration when RAM is not told otherwise (3600-43200, default
	// 3600: https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createrole).
	DefaultMaxSessionDuration = 3600
	// MaxPolicyLength follows the current page (1-2,048 characters); an older edition said 1,024.
	MaxPolicyLength                          = 2048
	MinExternalIDLength, MaxExternalIDLength = 2, 1224
	// TemporaryKeyPrefix starts every temporary AccessKey ID, as in every sample the documents give.
	TemporaryKeyPrefix = "STS."
)

var (
	// RoleArn: acs:ram::<account ID>:role/<role name>. Role names are 1-64 letters, digits, periods and hyphens
	// (RoleName of https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createrole);
	// account IDs are digits.
	roleArnPattern = regexp.MustCompile(`^acs:ram::([0-9]+):role/([A-Za-z0-9.\-]{1,64})$`)
	// RoleSessionName: letters, digits, . @ - _, 2-64 characters (current page; older editions said 2-32).
	sessionNamePattern = regexp.MustCompile(`^[A-Za-z0-9.@\-_]{2,64}$`)
	// ExternalId: 2-1,224 characters of letters, digits and = , . @ : / - _ (current SDK field documentation).
	externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/\-]+$`)
)

// Role is a RAM role of the emulated account that the key pair's RAM user may assume.
type Role struct {
	Name, ID string
	// MaxSessionDuration bounds AssumeRole's DurationSeconds (0 = DefaultMaxSessionDuration).
	MaxSessionDuration int
	// ExternalID, when set, is the sts:ExternalId condition of the role's trust policy: AssumeRole must send it.
	ExternalID string
}

// Session is one set of temporary credentials that AssumeRole (or the instance metadata service) handed out.
type Session struct {
	AccessKeyID, AccessKeySecret, SecurityToken string
	Expiration                                  time.Time
	Role                                        Role
	SessionName                                 string
	Policy                                      string
}

// AssumeRoleInput is what the caller sent, after the server verified its signature.
type AssumeRoleInput struct {
	RoleArn, RoleSessionName, DurationSeconds, Policy, ExternalID string
	// CallerIsAccount is true for an Alibaba Cloud (root) account's key, which may not assume roles.
	CallerIsAccount bool
}

// AssumeRoleOutput has the documented response fields.
//
//nolint:revive // wire names
type AssumeRoleOutput struct {
	AssumedRoleUser AssumedRoleUser `json:"AssumedRoleUser" xml:"AssumedRoleUser"`
	Credentials     Credentials     `json:"Credentials" xml:"Credentials"`
}

// AssumedRoleUser is the temporary identity.
//
//nolint:revive // wire names
type AssumedRoleUser struct {
	Arn           string `json:"Arn" xml:"Arn"`
	AssumedRoleId string `json:"AssumedRoleId" xml:"AssumedRoleId"`
}

// Credentials are the temporary keys. Expiration is UTC to the second with a literal Z, the form the documents show
// and the only one credentials-go parses (layout 2006-01-02T15:04:05Z).
//
//nolint:revive // wire names
type Credentials struct {
	AccessKeyId     string `json:"AccessKeyId" xml:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret" xml:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken" xml:"SecurityToken"`
	Expiration      string `json:"Expiration" xml:"Expiration"`
}

func invalid(code, message string) *apierr.Error { return apierr.New(400, code, message) }

// AssumeRole checks the parameters as documented and hands out a new session of the role.
func (b *Backend) AssumeRole(in AssumeRoleInput) (*AssumeRoleOutput, error) {
	if in.RoleArn == "" {
		return nil, apierr.MissingParameter("RoleArn")
	}
	if in.RoleSessionName == "" {
		return nil, apierr.MissingParameter("RoleSessionName")
	}
	m := roleArnPattern.FindStringSubmatch(in.RoleArn)
	if m == nil {
		return nil, invalid("InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	if !sessionNamePattern.MatchString(in.RoleSessionName) {
		return nil, invalid("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
	}
	if in.Policy != "" {
		if len(in.Policy) > MaxPolicyLength {
			return nil, invalid("InvalidParameter.PolicySize", fmt.Sprintf("The size of Policy must be smaller than %d bytes.", MaxPolicyLength))
		}
		if err := checkPolicyGrammar(in.Policy); err != nil {
			return nil, err
		}
	}
	// The documents give no code for a malformed ExternalId; this follows the InvalidParameter.<Name> pattern of
	// the other parameters (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole).
	if in.ExternalID != "" && (len(in.ExternalID) < MinExternalIDLength || len(in.ExternalID) > MaxExternalIDLength ||
		!externalIDPattern.MatchString(in.ExternalID)) {
		return nil, invalid("InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed.")
	}
	if in.CallerIsAccount {
		return nil, apierr.New(403, "NoPermission", "Roles may not be assumed by root accounts.")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	role, ok := b.roles[m[2]]
	if m[1] != b.id.AccountID || !ok {
		return nil, apierr.New(404, "EntityNotExist.Role", "The specified Role not exists.")
	}
	duration := DefaultDurationSeconds
	if in.DurationSeconds != "" {
		n, err := strconv.Atoi(in.DurationSeconds)
		if err != nil || n < MinDurationSeconds || n > role.MaxSessionDuration {
			return nil, invalid("InvalidParameter.DurationSeconds",
				fmt.Sprintf("The Min/Max value of DurationSeconds is 15min/%s.", hours(role.MaxSessionDuration)))
		}
		duration = n
	}
	// The trust policy's sts:ExternalId condition: a missing or different ID means the role does not trust the
	// caller, which STS answers with NoPermission (https://www.alibabacloud.com/help/doc-detail/42775.htm).
	if role.ExternalID != "" && in.ExternalID != role.ExternalID {
		return nil, apierr.New(403, "NoPermission",
			"No permission perform sts:AssumeRole on this Role. Maybe you are not authorized to perform sts:AssumeRole or the specified role does not trust you")
	}
	s := b.issueLocked(role, in.RoleSessionName, in.Policy, time.Duration(duration)*time.Second)
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &AssumeRoleOutput{
		AssumedRoleUser: AssumedRoleUser{
			Arn:           "acs:ram::" + b.id.AccountID + ":role/" + role.Name + "/" + s.SessionName,
			AssumedRoleId: role.ID + ":" + s.SessionName,
		},
		Credentials: s.credentials(),
	}, nil
}

func (s Session) credentials() Credentials {
	return Credentials{AccessKeyId: s.AccessKeyID, AccessKeySecret: s.AccessKeySecret, SecurityToken: s.SecurityToken,
		Expiration: s.Expiration.UTC().Format("2006-01-02T15:04:05Z")}
}

func hours(seconds int) string {
	if seconds%3600 == 0 {
		return strconv.Itoa(seconds/3600) + "hr"
	}
	return strconv.Itoa(seconds) + "s"
}

// checkPolicyGrammar accepts what RAM's policy grammar needs at the least: a JSON object with Version "1" and a
// Statement list (https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax).
func checkPolicyGrammar(policy string) error {
	var doc struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(policy), &doc) != nil || doc.Version != "1" || len(doc.Statement) == 0 {
		return invalid("InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.")
	}
	return nil
}

// issueLocked makes a session of role valid for d from now; b.mu is held.
func (b *Backend) issueLocked(role Role, sessionName, policy string, d time.Duration) Session {
	s := Session{
		AccessKeyID:     TemporaryKeyPrefix + randomString(alnum, 24),
		AccessKeySecret: randomString(alnum, 44),
		// Real tokens are long base64 strings that start with CAIS (see the samples); only their shape matters.
		SecurityToken: "CAIS" + randomBase64(120),
		Expiration:    b.now().Add(d).Truncate(time.Second),
		Role:          role,
		SessionName:   sessionName,
		Policy:        policy,
	}
	b.sessions[s.AccessKeyID] = s
	return s
}

// Session is the session whose temporary AccessKey ID is id, expired or not.
func (b *Backend) Session(accessKeyID string) (Session, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.sessions[accessKeyID]
	return s, ok
}

// Sessions are every session handed out so far, in no order.
func (b *Backend) Sessions() []Session {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Session, 0, len(b.sessions))
	for _, s := range b.sessions {
		out = append(out, s)
	}
	return out
}

// IsTemporaryKey reports whether id has the shape of a temporary AccessKey ID.
func IsTemporaryKey(id string) bool { return strings.HasPrefix(id, TemporaryKeyPrefix) }

// InstanceRole is the RAM role attached to the emulated ECS instance the metadata service speaks for.
func (b *Backend) InstanceRole() Role {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.roles[b.id.RoleName]
}

// InstanceRoleCredentials hands out a session of the instance's role, as the instance metadata service does
// (https://www.alibabacloud.com/help/en/ecs/user-guide/attach-an-instance-ram-role-to-an-ecs-instance). The
// metadata service keeps its credentials for hours and renews them before they expire; the emulator issues them
// for the role's MaxSessionDuration. ok is false when roleName is not the instance's role.
func (b *Backend) InstanceRoleCredentials(roleName string) (Credentials, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	role, ok := b.roles[roleName]
	if !ok || roleName != b.id.RoleName {
		return Credentials{}, false
	}
	creds := b.issueLocked(role, "ecs-instance", "", time.Duration(role.MaxSessionDuration)*time.Second).credentials()
	// The metadata service has no error to answer a failed save with; the next AssumeRole saves again and reports it.
	_ = b.saveLocked()
	return creds, true
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomString(alphabet string, n int) string {
	out := make([]byte, n)
	for i := range out {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		out[i] = alphabet[k.Int64()]
	}
	return string(out)
}

func randomBase64(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return base64.StdEncoding.EncodeToString(buf)
}
