package backend

import "testing"

func TestGetCallerIdentity_ramUserAndAssumedRole(t *testing.T) {
	b := New(Identity{AccountID: "1111222233334444", UserName: "bob"})
	user, err := b.GetCallerIdentity(GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	want := GetCallerIdentityOutput{IdentityType: "RAMUser", AccountId: "1111222233334444", UserId: DefaultUserID,
		Arn: "acs:ram::1111222233334444:user/bob", PrincipalId: DefaultUserID}
	if *user != want {
		t.Fatalf("RAM user: %+v", *user)
	}
	role, err := b.GetCallerIdentity(GetCallerIdentityInput{SecurityToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	want = GetCallerIdentityOutput{IdentityType: "AssumedRoleUser", AccountId: "1111222233334444", RoleId: DefaultRoleID,
		Arn:         "acs:ram::1111222233334444:role/" + DefaultRoleName + "/" + DefaultRoleSessionName,
		PrincipalId: DefaultRoleID + ":" + DefaultRoleSessionName}
	if *role != want {
		t.Fatalf("assumed role: %+v", *role)
	}
	if id := New(Identity{}).Identity(); id.AccountID != DefaultAccountID || id.UserName != DefaultUserName {
		t.Fatalf("defaults: %+v", id)
	}
}
