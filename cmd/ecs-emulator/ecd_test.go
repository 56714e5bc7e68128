package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
)

func TestHelp_mentionsECD(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(t.Context(), []string{"-help"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -help: %v", err)
	}
	for _, want := range []string{"ECD 2020-09-30", "DescribeDesktops", "ecd[.<region>].aliyuncs.com",
		"/_emulator/ecd/snapshots", "/_emulator/ecd/desktops", `"ecd:"`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-help lacks %q", want)
		}
	}
}

func TestRun_servesECDOnTheSamePort(t *testing.T) {
	out := &lines{ch: make(chan string, 100)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-access-key-id", "X", "-access-key-secret", "Y",
			"-snapshot-duration", "0s", "-log", "warn"}, out, io.Discard)
	}()
	var m []string
	select {
	case line := <-out.ch:
		if m = listening.FindStringSubmatch(line); m == nil {
			t.Fatalf("first line %q", line)
		}
	case err := <-done:
		t.Fatalf("run ended before listening: %v", err)
	}
	c, err := openapi.NewClient(&openapi.Config{AccessKeyId: tea.String("X"), AccessKeySecret: tea.String("Y"),
		Endpoint: tea.String(m[1]), Protocol: tea.String("http"), RegionId: tea.String("cn-hangzhou")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.CallApi(&openapi.Params{Action: tea.String("DescribeDesktops"), Version: tea.String("2020-09-30"),
		Protocol: tea.String("HTTP"), Pathname: tea.String("/"), Method: tea.String("POST"), AuthType: tea.String("AK"),
		Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json")},
		&openapi.OpenApiRequest{Query: map[string]*string{"RegionId": tea.String("cn-hangzhou")}}, &util.RuntimeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	desktops, _ := res["body"].(map[string]any)["Desktops"].([]any)
	if len(desktops) != 5 {
		t.Fatalf("DescribeDesktops: %v", res["body"])
	}
}

// The start-up lines export ALIECS_ECD_ENDPOINT beside the other endpoints and list the desktops that take
// snapshots, and GET /_emulator/fixture lists each region's desktops; -policy-defaults (or its variable) sets how
// policies are answered.
func TestRun_bannerAndFixtureNameDesktops(t *testing.T) {
	t.Setenv(policyDefaultsEnv, "omit")
	out := &lines{ch: make(chan string, 100)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-log", "warn"}, out, io.Discard)
	}()
	var banner []string
	for len(banner) == 0 || !strings.HasPrefix(banner[len(banner)-1], "# desktops that refuse snapshots") {
		select {
		case line := <-out.ch:
			banner = append(banner, line)
		case err := <-done:
			t.Fatalf("run ended: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatalf("no desktop lines in the banner:\n%s", strings.Join(banner, "\n"))
		}
	}
	m := listening.FindStringSubmatch(banner[0])
	if m == nil {
		t.Fatalf("first line %q", banner[0])
	}
	text := strings.Join(banner, "\n")
	for _, want := range []string{
		"export ALIECS_ECD_ENDPOINT=http://" + m[1] + "\n",
		"#   cn-hangzhou: ecd-bp1r7k2m9x4q6w3e5 dev-desktop (Running), ecd-bp1s2t8v5n1c7z4h6 build-desktop (Stopped)",
		"#   cn-shanghai: ecd-uf6m3n6b9v2c5x8z1 sh-desktop (Running)",
		"ecd-bp1g6d3f9a2j8l5k1 (Starting: IncorrectInstanceStatus)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the banner lacks %q:\n%s", want, text)
		}
	}
	var fixture []struct {
		RegionID string `json:"region_id"`
		Desktops []struct {
			DesktopID        string `json:"desktop_id"`
			AcceptsSnapshots bool   `json:"accepts_snapshots"`
		} `json:"desktops"`
	}
	getJSON(t, "http://"+m[1]+"/_emulator/fixture", &fixture)
	got := map[string]int{}
	for _, r := range fixture {
		got[r.RegionID] = len(r.Desktops)
		for _, d := range r.Desktops {
			if d.DesktopID == "ecd-bp1r7k2m9x4q6w3e5" && !d.AcceptsSnapshots {
				t.Errorf("the running desktop is listed as refusing snapshots")
			}
		}
	}
	if got["cn-hangzhou"] != 5 || got["cn-shanghai"] != 1 {
		t.Errorf("GET /_emulator/fixture desktops per region: %v, want cn-hangzhou 5 and cn-shanghai 1", got)
	}
	var mode struct{ Mode string }
	getJSON(t, "http://"+m[1]+"/_emulator/ecs/policy-defaults", &mode)
	if mode.Mode != "omit" {
		t.Errorf("policy defaults %q with %s=omit", mode.Mode, policyDefaultsEnv)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url) //nolint:noctx // a test against a loopback server
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
