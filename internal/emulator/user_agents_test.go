package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
)

// Each call's User-Agent header is kept with its action, as the SDK sends it (its own product tokens, then the
// caller's), answered by GET /_emulator/user-agents, and cleared with the call counts.
func TestUserAgentCounts_perAgentAndAction(t *testing.T) {
	t.Parallel()
	ts := start(t)
	stamped := sdk(t, ts, func(c *openapi.Config) { c.UserAgent = tea.String("terraform-provider-aliecs/1.2.3 terraform/1.5.7") })
	plain := sdk(t, ts)
	_, err := stamped.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	_, err = stamped.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	_, err = plain.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	// A refused call (no signature) is recorded as well, under the header it sent, here none.
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/?Action=DescribeSnapshots&Version=2014-05-26", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "")
	if st, _, _ := send(t, req); st < 400 {
		t.Fatalf("an unsigned call answered %d", st)
	}

	var got map[string]map[string]int64
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/user-agents", "", 200)), &got); err != nil {
		t.Fatal(err)
	}
	var stampedUA, plainUA string
	for ua := range got {
		switch {
		case strings.HasSuffix(ua, " terraform-provider-aliecs/1.2.3 terraform/1.5.7"):
			stampedUA = ua
		case ua != "":
			plainUA = ua
		}
	}
	if len(got) != 3 || stampedUA == "" || plainUA == "" || !strings.HasPrefix(stampedUA, "AlibabaCloud (") {
		t.Fatalf("user agents %v: want the stamped one (after the SDK's tokens), the SDK's plain one and the empty one", got)
	}
	if got[stampedUA]["DescribeSnapshots"] != 2 || len(got[stampedUA]) != 1 ||
		got[plainUA]["DescribeDisks"] != 1 || len(got[plainUA]) != 1 || got[""]["DescribeSnapshots"] != 1 {
		t.Fatalf("calls per user agent %v", got)
	}

	wantControl(t, ts, "DELETE", "/_emulator/calls", "", 204)
	if out := wantControl(t, ts, "GET", "/_emulator/user-agents", "", 200); strings.TrimSpace(out) != "{}" {
		t.Fatalf("user agents after DELETE /_emulator/calls: %s", out)
	}
}

// A client that sends a new User-Agent on every call does not grow the record without end: past maxUserAgents
// distinct values, calls are counted under otherUserAgents.
func TestUserAgentCounts_bounded(t *testing.T) {
	t.Parallel()
	var c callCounts
	for i := range maxUserAgents + 5 {
		c.add("DescribeSnapshots", fmt.Sprintf("client/%d", i))
	}
	c.add("DescribeSnapshots", "client/0") // a known one is still counted as itself
	if len(c.agents) != maxUserAgents+1 || c.agents[otherUserAgents]["DescribeSnapshots"] != 5 || c.agents["client/0"]["DescribeSnapshots"] != 2 {
		t.Fatalf("%d agents, other %v, client/0 %v", len(c.agents), c.agents[otherUserAgents], c.agents["client/0"])
	}
	if c.by["DescribeSnapshots"] != maxUserAgents+6 {
		t.Fatalf("calls %v", c.by)
	}
}
