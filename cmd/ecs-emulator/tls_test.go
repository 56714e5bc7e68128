package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With -tls-listen the emulator serves the same APIs over HTTPS with a certificate from a CA it made at start, and
// writes that CA where -tls-ca-file says; a client trusting only that file reaches STS there.
func TestRun_tlsListenerWithGeneratedCA(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	out := &lines{ch: make(chan string, 100)}
	done := make(chan error, 1)
	go func() {
		done <- run(t.Context(), []string{"-listen", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0", "-tls-ca-file", caFile, "-log", "warn"},
			out, io.Discard)
	}()
	var tlsURL, stsExport string
	var sawCA bool
	for tlsURL == "" || !sawCA || stsExport == "" {
		select {
		case line := <-out.ch:
			if u, ok := strings.CutPrefix(line, "ecs-emulator listening with TLS on "); ok {
				tlsURL = u
			}
			if v, ok := strings.CutPrefix(line, "export ALIECS_STS_ENDPOINT="); ok {
				stsExport = v
			}
			sawCA = sawCA || line == "export SSL_CERT_FILE="+caFile
		case err := <-done:
			t.Fatalf("run ended: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatalf("no TLS lines (url %q, CA %v, STS %q)", tlsURL, sawCA, stsExport)
		}
	}
	if stsExport != tlsURL {
		t.Errorf("ALIECS_STS_ENDPOINT=%s, want the https listener %s (assume_role needs it)", stsExport, tlsURL)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err := c.Post(tlsURL+"/?Action=AssumeRole&Version=2015-04-01", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatalf("HTTPS with the written CA: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	// Unsigned: STS's own error, which shows the call was routed to STS over TLS.
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"HostId":"sts.aliyuncs.com"`) ||
		!strings.Contains(string(body), "MissingParameter") {
		t.Fatalf("unsigned AssumeRole over TLS: %d %s", resp.StatusCode, body)
	}
	if _, err := http.Get(tlsURL); err == nil {
		t.Fatal("a client without the CA trusted the emulator's certificate")
	}
}

func TestRun_refusesBadTLSFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-listen", "127.0.0.1:0", "-tls-cert", "c.pem", "-tls-key", "k.pem"}, // no -tls-listen
		{"-listen", "127.0.0.1:0", "-tls-listen", "0.0.0.0:0"},
		{"-listen", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0", "-tls-cert", "c.pem"},
		{"-listen", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0", "-tls-cert", "missing.pem", "-tls-key", "missing.pem"},
	} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
}

func TestHelp_documentsTLSListener(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(t.Context(), []string{"-help"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -help: %v", err)
	}
	for _, want := range []string{"-tls-listen", "-tls-cert", "-tls-key", "-tls-ca-file", "SSL_CERT_FILE", "AssumeRole",
		"assume_role", "100.100.100.200", "HTTP_PROXY"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-help lacks %q", want)
		}
	}
}
