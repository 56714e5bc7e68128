package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
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
}

// StartTestServer starts an emulator over a new backend; it is closed when the test ends.
func StartTestServer(tb testing.TB, opts backend.Options, cfg Config) *TestServer {
	tb.Helper()
	b, err := backend.New(opts)
	if err != nil {
		tb.Fatalf("emulator backend: %v", err)
	}
	s := NewServer(b, cfg)
	return serveTest(tb, s, s)
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
		Region:          s.backend.Region(),
		Regions:         s.backend.Regions(),
	}
}
