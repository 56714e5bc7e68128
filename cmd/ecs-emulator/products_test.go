package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

func TestRun_regionsAndSTSOnOnePort(t *testing.T) {
	out := &lines{ch: make(chan string, 100)} // room for every start-up line
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-access-key-id", "X", "-access-key-secret", "Y",
			"-snapshot-duration", "0s", "-region", "cn-shanghai", "-account-id", "9999888877776666", "-log", "warn"}, out, io.Discard)
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
	if m[2] != "cn-shanghai" {
		t.Fatalf("default region %s, want the fixture's cn-shanghai chosen by -region", m[2])
	}
	line := <-out.ch
	for strings.HasPrefix(line, "export ") {
		line = <-out.ch
	}
	if !strings.HasPrefix(line, "# ECS ") || !strings.Contains(line, "regions cn-shanghai,cn-hangzhou") ||
		!strings.Contains(line, "STS 2015-04-01") {
		t.Fatalf("the line after the export lines: %q", line)
	}

	c := client(t, m[1], m[2], "Y")
	regions, err := c.DescribeRegions(&ecs.DescribeRegionsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regions.Body.Regions.Region); n != 3 { // the default fixture's cn-hangzhou, cn-shanghai, ap-southeast-1
		t.Fatalf("%d regions", n)
	}
	created, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String("d-uf6h7j2k9l4m1n8p3q6r")})
	if err != nil {
		t.Fatal(err)
	}
	if id := tea.StringValue(created.Body.SnapshotId); !strings.HasPrefix(id, "s-uf6") {
		t.Fatalf("snapshot ID %s", id)
	}

	s, err := sts.NewClient(&openapi.Config{AccessKeyId: tea.String("X"), AccessKeySecret: tea.String("Y"),
		Endpoint: tea.String(m[1]), Protocol: tea.String("http")})
	if err != nil {
		t.Fatal(err)
	}
	who, err := s.GetCallerIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if tea.StringValue(who.Body.AccountId) != "9999888877776666" {
		t.Fatalf("AccountId %s, want -account-id", tea.StringValue(who.Body.AccountId))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
}

func TestHelp_mentionsSTSAndRegions(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(t.Context(), []string{"-help"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -help: %v", err)
	}
	for _, want := range []string{"STS 2015-04-01", "GetCallerIdentity", "DescribeRegions", "-account-id", "cn-shanghai",
		`"regions":[{"region_id"`, "sts[.<region>].aliyuncs.com"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-help lacks %q", want)
		}
	}
}
