// Package backend holds the rules of the emulated STS API (version 2015-04-01): who the caller of the emulated
// key pair is, the RAM roles it may assume and the temporary credentials handed out. It knows nothing of HTTP.
package backend

import (
	"sync"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// Defaults of Identity: a 16-digit account ID as Alibaba Cloud's are, a RAM user, and the role a request signed
// with an accepted STS security token is taken to have assumed.
const (
	DefaultAccountID       = "1380246571139527"
	DefaultUserName        = "emulator"
	DefaultUserID          = "2049315568471204"
	DefaultRoleName        = "emulator-role"
	DefaultRoleID          = "3627410985526631"
	DefaultRoleSessionName = "emulator-session"
)

// Identity is who holds the emulated key pair. The long-term key belongs to a RAM user (UserName, UserID) of
// AccountID; a request that also carries an accepted STS security token comes from the session RoleSessionName of
// the RAM role RoleName (RoleID), which that user assumed. Empty fields take the defaults above.
type Identity struct {
	AccountID, UserName, UserID       string
	RoleName, RoleID, RoleSessionName string
	// Roles may be assumed with AssumeRole; the role RoleName (RoleID) is always among them, and is the role
	// attached to the emulated ECS instance whose metadata service hands out credentials.
	Roles []Role
}

func (id Identity) withDefaults() Identity {
	set := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	set(&id.AccountID, DefaultAccountID)
	set(&id.UserName, DefaultUserName)
	set(&id.UserID, DefaultUserID)
	set(&id.RoleName, DefaultRoleName)
	set(&id.RoleID, DefaultRoleID)
	set(&id.RoleSessionName, DefaultRoleSessionName)
	id.Roles = append([]Role(nil), id.Roles...)
	found := false
	for i := range id.Roles {
		if id.Roles[i].MaxSessionDuration == 0 {
			id.Roles[i].MaxSessionDuration = DefaultMaxSessionDuration
		}
		found = found || id.Roles[i].Name == id.RoleName
	}
	if !found {
		id.Roles = append(id.Roles, Role{Name: id.RoleName, ID: id.RoleID, MaxSessionDuration: DefaultMaxSessionDuration})
	}
	return id
}

// Backend answers STS calls for one Identity and keeps the sessions it handed out. It is safe for concurrent use.
type Backend struct {
	id       Identity
	now      func() time.Time
	mu       sync.Mutex
	roles    map[string]Role
	sessions map[string]Session // by temporary AccessKey ID
	state    *statefile.File    // where sessions are saved; nil = memory only
}

// New is a backend for id, its empty fields defaulted, on the system clock.
func New(id Identity) *Backend { return NewWithClock(id, nil) }

// NewWithClock is New on the clock now (nil = time.Now), which decides when sessions expire.
func NewWithClock(id Identity, now func() time.Time) *Backend {
	if now == nil {
		now = time.Now
	}
	b := &Backend{id: id.withDefaults(), now: now, roles: map[string]Role{}, sessions: map[string]Session{}}
	for _, r := range b.id.Roles {
		b.roles[r.Name] = r
	}
	return b
}

// Identity is the backend's identity with its defaults filled in.
func (b *Backend) Identity() Identity { return b.id }

// GetCallerIdentityInput says how the caller signed: SecurityToken is the STS token the request carried ("" =
// none, the long-term key); Session is the session of a temporary AccessKey ID (nil for the long-term key). The
// server has already verified the signature and the token.
type GetCallerIdentityInput struct {
	SecurityToken string
	Session       *Session
}

// GetCallerIdentityOutput has the documented response fields
// (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-getcalleridentity). UserId is
// answered only for an Alibaba Cloud account or a RAM user and RoleId only for a RAM role, as documented, so both
// are left out when empty.
//
//nolint:revive // wire names
type GetCallerIdentityOutput struct {
	IdentityType string `json:"IdentityType" xml:"IdentityType"`
	AccountId    string `json:"AccountId" xml:"AccountId"`
	UserId       string `json:"UserId,omitempty" xml:"UserId,omitempty"`
	Arn          string `json:"Arn" xml:"Arn"`
	PrincipalId  string `json:"PrincipalId" xml:"PrincipalId"`
	RoleId       string `json:"RoleId,omitempty" xml:"RoleId,omitempty"`
}

// GetCallerIdentity answers who signed the call. The long-term key is the RAM user: IdentityType RAMUser, Arn
// acs:ram::<account>:user/<user name>, UserId and PrincipalId the user's ID. With a security token the caller is
// the assumed role: IdentityType AssumedRoleUser, Arn acs:ram::<account>:role/<role name>/<session name> (the shape
// AssumeRole's AssumedRoleUser.Arn documents, https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole),
// RoleId the role's ID, and PrincipalId <role ID>:<session name> (the shape of AssumeRole's AssumedRoleId).
func (b *Backend) GetCallerIdentity(in GetCallerIdentityInput) (*GetCallerIdentityOutput, error) {
	id := b.id
	if s := in.Session; s != nil {
		return &GetCallerIdentityOutput{
			IdentityType: "AssumedRoleUser",
			AccountId:    id.AccountID,
			Arn:          "acs:ram::" + id.AccountID + ":role/" + s.Role.Name + "/" + s.SessionName,
			PrincipalId:  s.Role.ID + ":" + s.SessionName,
			RoleId:       s.Role.ID,
		}, nil
	}
	if in.SecurityToken != "" {
		return &GetCallerIdentityOutput{
			IdentityType: "AssumedRoleUser",
			AccountId:    id.AccountID,
			Arn:          "acs:ram::" + id.AccountID + ":role/" + id.RoleName + "/" + id.RoleSessionName,
			PrincipalId:  id.RoleID + ":" + id.RoleSessionName,
			RoleId:       id.RoleID,
		}, nil
	}
	return &GetCallerIdentityOutput{
		IdentityType: "RAMUser",
		AccountId:    id.AccountID,
		UserId:       id.UserID,
		Arn:          "acs:ram::" + id.AccountID + ":user/" + id.UserName,
		PrincipalId:  id.UserID,
	}, nil
}
