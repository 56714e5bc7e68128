package emulator

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// TestServer is an emulator listening on a random loopback port for the length of a test.
type TestServer struct {
	*Server
	URL                          string // http://127.0.0.1:PORT
	Endpoint                     string // 127.0.0.1:PORT, as the SDK's Config.Endpoint wants it
	AccessKeyID, AccessKeySecret string
	Region                       string   // the default region (the fixture's first)
	Regions                      []string // every region, the default first

	// With the WithTLS option, the same server also listens with TLS: TLSURL is https://127.0.0.1:PORT,
	// TLSEndpoint 127.0.0.1:PORT, and CAFile a PEM file with the CA that issued its certificate (what a separate
	// process, such as a provider that terraform starts, is to trust through SSL_CERT_FILE). Empty without TLS.
	TLSURL, TLSEndpoint, CAFile string
}

// TestOption changes how StartTestServer serves.
type TestOption func(*testOptions)

type testOptions struct{ tls bool }

// WithTLS adds a TLS listener whose certificate this process trusts (see TrustTestCA), so that clients that
// dial HTTPS only (credentials-go's AssumeRole) reach the emulator in process.
func WithTLS() TestOption { return func(o *testOptions) { o.tls = true } }

// StartTestServer starts an emulator over a new backend; it is closed when the test ends.
func StartTestServer(tb testing.TB, opts backend.Options, cfg Config, options ...TestOption) *TestServer {
	tb.Helper()
	var o testOptions
	for _, opt := range options {
		opt(&o)
	}
	b, err := backend.New(opts)
	if err != nil {
		tb.Fatalf("emulator backend: %v", err)
	}
	s, err := Open(b, cfg)
	if err != nil {
		tb.Fatalf("emulator: %v", err)
	}
	ts := serveTest(tb, s, s)
	if o.tls {
		ts.serveTLS(tb)
	}
	return ts
}

// serveTLS adds the TLS listener, with a certificate from the process's test CA.
func (ts *TestServer) serveTLS(tb testing.TB) {
	tb.Helper()
	ca := TrustTestCA(tb)
	cert, err := ca.Issue(DefaultTLSHosts...)
	if err != nil {
		tb.Fatalf("emulator TLS certificate: %v", err)
	}
	hs := httptest.NewUnstartedServer(ts.Server)
	hs.TLS = TLSConfig(cert)
	hs.StartTLS()
	tb.Cleanup(hs.Close)
	ts.TLSURL = hs.URL
	ts.TLSEndpoint = strings.TrimPrefix(hs.URL, "https://")
	ts.CAFile = filepath.Join(tb.TempDir(), "ecs-emulator-ca.pem")
	if err := os.WriteFile(ts.CAFile, ca.PEM, 0o600); err != nil {
		tb.Fatal(err)
	}
}

var (
	testCAOnce sync.Once
	testCA     *CertificateAuthority
	testCAErr  error
)

// TrustTestCA makes this process trust a CA of its own, made once per process, and returns it. Every client in
// the process that verifies with the system's roots (credentials-go, the SDKs' tea transport) then accepts the
// certificates it issues. Go reads the system roots once per process, from SSL_CERT_FILE when set
// (https://pkg.go.dev/crypto/x509#SystemCertPool): so this sets SSL_CERT_FILE to a file holding the CA (and what
// SSL_CERT_FILE held before), makes crypto/x509 load its roots, and puts SSL_CERT_FILE back, so that child
// processes see the environment they had. If the roots were loaded before (a TLS handshake with system roots
// earlier in the process), the CA cannot be added, and the test fails saying so.
func TrustTestCA(tb testing.TB) *CertificateAuthority {
	tb.Helper()
	testCAOnce.Do(func() { testCA, testCAErr = trustNewCA() })
	if testCAErr != nil {
		tb.Fatalf("emulator test CA: %v", testCAErr)
	}
	return testCA
}

func trustNewCA() (*CertificateAuthority, error) {
	ca, err := NewCertificateAuthority()
	if err != nil {
		return nil, err
	}
	bundle := append([]byte(nil), ca.PEM...)
	previous, had := os.LookupEnv("SSL_CERT_FILE")
	if had {
		if old, err := os.ReadFile(previous); err == nil {
			bundle = append(append(bundle, '\n'), old...)
		}
	}
	dir, err := os.MkdirTemp("", "ecs-emulator-ca-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }() // read once, below; not needed after
	file := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(file, bundle, 0o600); err != nil {
		return nil, err
	}
	if err := os.Setenv("SSL_CERT_FILE", file); err != nil {
		return nil, err
	}
	pool, poolErr := x509.SystemCertPool()
	if had {
		err = os.Setenv("SSL_CERT_FILE", previous)
	} else {
		err = os.Unsetenv("SSL_CERT_FILE")
	}
	if poolErr != nil || err != nil {
		return nil, errors.Join(poolErr, err)
	}
	leaf, err := ca.Issue("127.0.0.1")
	if err != nil {
		return nil, err
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: "127.0.0.1"}); err != nil {
		return nil, fmt.Errorf("the process loaded its system roots before SSL_CERT_FILE could name the test CA "+
			"(start the TLS emulator before any TLS connection of the process): %w", err)
	}
	return ca, nil
}

// serveTest serves h (s itself, or a handler wrapping it) on loopback until the test ends.
func serveTest(tb testing.TB, s *Server, h http.Handler) *TestServer {
	hs := httptest.NewServer(h) // httptest listens on 127.0.0.1
	tb.Cleanup(hs.Close)
	return &TestServer{
		Server:          s,
		URL:             hs.URL,
		Endpoint:        strings.TrimPrefix(hs.URL, "http://"),
		AccessKeyID:     s.cfg.AccessKeyID,
		AccessKeySecret: s.cfg.AccessKeySecret,
		Region:          s.Backend().Region(),
		Regions:         s.Backend().Regions(),
	}
}
