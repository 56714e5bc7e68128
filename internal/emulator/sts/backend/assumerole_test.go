package backend

import (
	"strings"
	"testing"
	"time"
)

func TestAssumeRole_sessionOfRoleWithDefaults(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	b := NewWithClock(Identity{}, func() time.Time { return now })
	out, err := b.AssumeRole(AssumeRoleInput{RoleArn: "acs:ram::" + DefaultAccountID + ":role/" + DefaultRoleName, RoleSessionName: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !strings.HasPrefix(c.AccessKeyId, "STS.") || c.AccessKeySecret == "" || !strings.HasPrefix(c.SecurityToken, "CAIS") ||
		c.Expiration != "2026-01-02T04:04:05Z" {
		t.Fatalf("credentials %+v: want STS.* keys valid 3600 s, Expiration to the second with Z", c)
	}
	s, ok := b.Session(c.AccessKeyId)
	if !ok || s.SessionName != "s1" || s.Role.Name != DefaultRoleName || s.AccessKeySecret != c.AccessKeySecret {
		t.Fatalf("session %+v %v", s, ok)
	}
	id, err := b.GetCallerIdentity(GetCallerIdentityInput{SecurityToken: c.SecurityToken, Session: &s})
	if err != nil || id.Arn != "acs:ram::"+DefaultAccountID+":role/"+DefaultRoleName+"/s1" || id.PrincipalId != DefaultRoleID+":s1" {
		t.Fatalf("caller identity %+v %v", id, err)
	}
	if _, err := b.AssumeRole(AssumeRoleInput{RoleArn: "acs:ram::" + DefaultAccountID + ":role/" + DefaultRoleName, RoleSessionName: "s1",
		CallerIsAccount: true}); err == nil || !strings.Contains(err.Error(), "root accounts") {
		t.Fatalf("a root account assumed a role: %v", err)
	}
	if _, ok := b.InstanceRoleCredentials("other"); ok {
		t.Fatal("credentials of a role the instance does not have")
	}
	if c, ok := b.InstanceRoleCredentials(DefaultRoleName); !ok || !strings.HasPrefix(c.AccessKeyId, "STS.") {
		t.Fatalf("instance role credentials %+v %v", c, ok)
	}
}
