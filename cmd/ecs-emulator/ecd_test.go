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
