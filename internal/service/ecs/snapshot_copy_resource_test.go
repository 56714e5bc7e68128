package ecs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

func (c *describeOnlyClient) CopySnapshot(context.Context, ecsclient.CopySnapshotInput) (string, error) {
	return "", c.unexpected("CopySnapshot")
}

// copyClient refuses the first refusals copies with code, then accepts; it records the tokens it was sent.
type copyClient struct {
	describeOnlyClient
	refusals int
	code     string
	tokens   []string
}

func (c *copyClient) CopySnapshot(_ context.Context, in ecsclient.CopySnapshotInput) (string, error) {
	c.tokens = append(c.tokens, in.ClientToken)
	if len(c.tokens) <= c.refusals {
		return "", &client.APIError{Product: client.ProductECS, Action: "CopySnapshot", Code: c.code, HTTPStatus: 403}
	}
	return "s-copy", nil
}

func TestCopySnapshotWhenFree_waitsForUnfinishedCopy(t *testing.T) {
	c := &copyClient{describeOnlyClient: describeOnlyClient{t: t}, refusals: 4, code: codeUnfinishedCrossRegionCopy}
	var slept []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	id, err := copySnapshotWhenFree(context.Background(), c, sleep, ecsclient.CopySnapshotInput{SnapshotID: "s-1"})
	if err != nil || id != "s-copy" {
		t.Fatalf("copySnapshotWhenFree = %q, %v", id, err)
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
	if len(slept) != len(want) {
		t.Fatalf("slept %v, want %v", slept, want)
	}
	for i := range want {
		if slept[i] != want[i] {
			t.Errorf("sleep %d = %v, want %v", i, slept[i], want[i])
		}
	}
	// A new token per attempt: a refused copy made nothing, and a reused token could be answered with the refusal.
	seen := map[string]bool{}
	for _, tok := range c.tokens {
		if tok == "" || seen[tok] {
			t.Errorf("tokens %q: want a distinct one per attempt", c.tokens)
		}
		seen[tok] = true
	}
}

func TestCopySnapshotWhenFree_otherErrorsEndAtOnce(t *testing.T) {
	c := &copyClient{describeOnlyClient: describeOnlyClient{t: t}, refusals: 1, code: "InvalidSnapshotId.NotFound"}
	sleep := func(context.Context, time.Duration) error {
		t.Error("slept on a refusal that waiting cannot cure")
		return nil
	}
	if _, err := copySnapshotWhenFree(context.Background(), c, sleep, ecsclient.CopySnapshotInput{}); !client.IsCode(err, "InvalidSnapshotId.NotFound") {
		t.Errorf("error %v", err)
	}
}

func TestCopySnapshotWhenFree_timeoutNamesTheRefusal(t *testing.T) {
	c := &copyClient{describeOnlyClient: describeOnlyClient{t: t}, refusals: 100, code: codeUnfinishedCrossRegionCopy}
	calls := 0
	sleep := func(context.Context, time.Duration) error {
		if calls++; calls == 3 {
			return context.DeadlineExceeded
		}
		return nil
	}
	_, err := copySnapshotWhenFree(context.Background(), c, sleep, ecsclient.CopySnapshotInput{})
	if err == nil || !strings.Contains(err.Error(), "still refused after 3 attempts") || !client.IsCode(err, codeUnfinishedCrossRegionCopy) {
		t.Errorf("error %v", err)
	}
}

func TestSameRegionCopyProblem_onlyUnencryptedInOwnRegion(t *testing.T) {
	for _, tc := range []struct {
		source    types.String
		encrypted types.Bool
		refused   bool
	}{
		{types.StringValue("cn-hangzhou"), types.BoolNull(), true},
		{types.StringValue("cn-hangzhou"), types.BoolValue(false), true},
		{types.StringValue("cn-hangzhou"), types.BoolValue(true), false},
		{types.StringValue("cn-hangzhou"), types.BoolUnknown(), false},
		{types.StringValue("cn-shanghai"), types.BoolNull(), false},
		{types.StringUnknown(), types.BoolNull(), false},
	} {
		if got := sameRegionCopyProblem("cn-hangzhou", tc.source, tc.encrypted) != ""; got != tc.refused {
			t.Errorf("source %s, encrypted %s: refused %v, want %v", tc.source, tc.encrypted, got, tc.refused)
		}
	}
}
