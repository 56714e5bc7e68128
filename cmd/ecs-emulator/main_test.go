package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
)

var listening = regexp.MustCompile(`^ecs-emulator listening on http://(127\.0\.0\.1:\d+) \(region ([a-z0-9-]+)\)$`)

// lines hands each line written to it to a channel, so a test can wait for the listening line without polling.
type lines struct {
	buf bytes.Buffer
	ch  chan string
}

func (l *lines) Write(p []byte) (int, error) {
	l.buf.Write(p)
	for {
		i := bytes.IndexByte(l.buf.Bytes(), '\n')
		if i < 0 {
			return len(p), nil // an unfinished line waits for the rest
		}
		line := l.buf.Next(i + 1)
		l.ch <- string(line[:i])
	}
}

// client signs as the key pair the tests start the emulator with (-access-key-id X), with secret.
func client(t *testing.T, endpoint, region, secret string) *ecs.Client {
	t.Helper()
	c, err := ecs.NewClient(&openapi.Config{AccessKeyId: tea.String("X"), AccessKeySecret: tea.String(secret),
		Endpoint: tea.String(endpoint), Protocol: tea.String("http"), RegionId: tea.String(region)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRun_servesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "fixture.json")
	if err := os.WriteFile(fixture, []byte(`{"region_id":"cn-shanghai","resource_groups":["rg-1"],
		"instances":[{"instance_id":"i-1","zone_id":"cn-shanghai-a","status":"Running","ever_started":true}],
		"disks":[{"disk_id":"d-1","instance_id":"i-1","zone_id":"cn-shanghai-a","type":"data","category":"cloud_essd",
		"status":"In_use","size_gib":10,"ever_attached":true,"ever_used":true}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out := &lines{ch: make(chan string, 100)} // room for every start-up line: the test reads two
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-access-key-id", "X", "-access-key-secret", "Y",
			"-snapshot-duration", "3s", "-fixture", fixture, "-region", "cn-beijing", "-state-file", filepath.Join(dir, "state.json"),
			"-log", "warn"}, out, io.Discard)
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
	if line := <-out.ch; line != "export ALIECS_ENDPOINT=http://"+m[1] {
		t.Fatalf("second line %q", line)
	}
	if m[2] != "cn-beijing" {
		t.Fatalf("region %s, want the -region override", m[2])
	}
	c := client(t, m[1], m[2], "Y")
	created, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String("d-1")})
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String("cn-beijing")})
	if err != nil {
		t.Fatal(err)
	}
	if s := snaps.Body.Snapshots.Snapshot; len(s) != 1 || tea.StringValue(s[0].SnapshotId) != tea.StringValue(created.Body.SnapshotId) ||
		tea.StringValue(s[0].Status) != "progressing" {
		t.Fatalf("snapshots %v: want the new one, progressing over 3s", s)
	}
	if _, err := client(t, m[1], m[2], "wrong").DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String("cn-beijing")}); err == nil {
		t.Fatal("a wrong secret was served")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "state.json")); err != nil {
		t.Fatalf("state file: %v", err)
	}
}

func TestRun_refusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-listen", "0.0.0.0:0"},
		{"-listen", ":8699"},
		{"-listen", "no-port"},
		{"-snapshot-duration", "-1s"},
		{"-log", "loud"},
		{"-fixture", filepath.Join(t.TempDir(), "missing.json")},
		{"-no-such-flag"},
		{"extra-argument"},
	} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
	for _, ok := range []string{"127.0.0.1:1", "localhost:1", "[::1]:1"} {
		if err := checkLoopback(ok, false); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if err := checkLoopback("0.0.0.0:1", true); err != nil {
		t.Errorf("-allow-remote: %v", err)
	}
}

func TestHelp_listsFlagsAndControls(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(t.Context(), []string{"-help"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -help: %v", err)
	}
	for _, want := range []string{"-listen", "-allow-remote", "-access-key-id", "-access-key-secret", "-security-token",
		"-snapshot-duration", "-fixture", "-state-file", "-region", "-log", "POST   /_emulator/reset", "PUT    /_emulator/faults",
		"GET    /_emulator/calls", "GET    /_emulator/ecs/fixture", "/_emulator/ecs/snapshot-duration",
		"/_emulator/ecs/disks/{id}/fail-next", "GET /_emulator/fixture", "POST /_emulator/disks/{id}/fail-next"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestTokenList_parsesCommaSeparatedValues(t *testing.T) {
	var tl tokenList
	for _, v := range []string{"a,b", " c ", ",,"} {
		if err := tl.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if tl.String() != "a,b,c" {
		t.Fatalf("tokens %q", tl.String())
	}
}

// The built program serves and stops cleanly on SIGTERM.
func TestProgram_stopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "ecs-emulator")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-access-key-id", "X", "-access-key-secret", "Y", "-snapshot-duration", "3s")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() {
			_ = cmd.Process.Kill()
			t.Fatalf("no output; stderr: %s", stderr.String())
		}
		m := listening.FindStringSubmatch(sc.Text())
		if m == nil {
			_ = cmd.Process.Kill()
			t.Fatalf("first line %q", sc.Text())
		}
		if _, err := client(t, m[1], m[2], "Y").DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(m[2])}); err != nil {
			_ = cmd.Process.Kill()
			t.Fatal(err)
		}
		resp, err := http.Get("http://" + m[1] + "/_emulator/calls")
		if err != nil {
			_ = cmd.Process.Kill()
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if strings.TrimSpace(string(body)) != `{"DescribeSnapshots":1}` {
			t.Errorf("calls %s", body)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() { // the rest of stdout, until the program closes it by exiting
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("after %v: %v; stderr: %s", sig, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "shutting down") {
			t.Errorf("after %v, stderr: %s", sig, stderr.String())
		}
	}
}
