// Package emulator is the HTTP side of the ECS emulator: it verifies request signatures, decodes the wire
// parameters into the backend's inputs, and renders the backend's answers and errors as ECS does. The API's
// rules live in package backend; this package knows only the wire.
package emulator

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Defaults of Config.
const (
	DefaultAccessKeyID     = "emulator-access-key-id"
	DefaultAccessKeySecret = "emulator-access-key-secret"
	DefaultMaxClockSkew    = 15 * time.Minute
)

// APIVersion is the only ECS API version the emulator speaks.
const APIVersion = "2014-05-26"

// controlPrefix starts every path of the unsigned control endpoints.
const controlPrefix = "/_emulator/"

// Config is how a Server authenticates callers.
type Config struct {
	AccessKeyID, AccessKeySecret string        // the one accepted key pair; defaults DefaultAccessKeyID / DefaultAccessKeySecret
	SecurityTokens               []string      // STS tokens accepted with the same key pair; empty = a request carrying a token is refused
	MaxClockSkew                 time.Duration // how far a request's timestamp may be from Now; default DefaultMaxClockSkew
	Now                          func() time.Time
	Logger                       *slog.Logger // nil = silent
}

// Server is the emulator's http.Handler: the signed ECS API on every path except /_emulator/, where the
// unsigned controls are. It is safe for concurrent use.
type Server struct {
	backend  *backend.Backend
	cfg      Config
	log      *slog.Logger
	nonces   *nonceCache
	faults   faultSet
	latency  latencySet
	counts   callCounts
	controls http.Handler

	// Seams for tests, so that latency and fault sampling are checked without timing or chance.
	sleep  func(ctx context.Context, d time.Duration) error
	sample func() float64
}

// NewServer serves b's API to callers holding cfg's credentials.
func NewServer(b *backend.Backend, cfg Config) *Server {
	if cfg.AccessKeyID == "" {
		cfg.AccessKeyID = DefaultAccessKeyID
	}
	if cfg.AccessKeySecret == "" {
		cfg.AccessKeySecret = DefaultAccessKeySecret
	}
	if cfg.MaxClockSkew <= 0 {
		cfg.MaxClockSkew = DefaultMaxClockSkew
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		backend: b,
		cfg:     cfg,
		log:     logger,
		nonces:  newNonceCache(2 * cfg.MaxClockSkew),
		sleep:   sleepContext,
		sample:  rand.Float64,
	}
	s.controls = s.controlMux()
	return s
}

// Backend is the state the server serves.
func (s *Server) Backend() *backend.Backend { return s.backend }

// ServeHTTP answers API calls and control requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.controls.ServeHTTP(w, r)
		return
	}
	s.serveAPI(w, r)
}

// serveAPI runs one API call: decode, count, delay, authenticate, maybe fault, call the backend, render.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	w.Header().Set("x-acs-request-id", reqID)

	req, werr := readRequest(r)
	if req.action != "" {
		s.counts.add(req.action)
	}
	if err := s.sleep(r.Context(), s.latency.get(req.action)); err != nil {
		return // the caller went away while we were slow on purpose
	}
	call, werr := s.prepare(r, req, werr)
	if werr != nil {
		s.finish(w, req, reqID, start, nil, werr)
		return
	}

	fault, faulted := s.faults.pick(req.action, s.sample)
	if faulted {
		switch fault.Mode {
		case FaultDropBefore:
			s.log.Info("api call dropped before the backend acted", "action", req.action, "request_id", reqID)
			abortConnection(w)
			return
		case FaultDropAfter:
			_, err := call(s.backend, req.params)
			s.log.Info("api call dropped after the backend acted", "action", req.action, "request_id", reqID, "backend_error", err)
			abortConnection(w)
			return
		default:
			s.finish(w, req, reqID, start, nil, fault.apiError())
			return
		}
	}

	out, err := call(s.backend, req.params)
	if err != nil {
		var be *backend.Error
		if !errors.As(err, &be) {
			s.log.Error("backend failed", "action", req.action, "request_id", reqID, "error", err)
			be = errInternal()
		}
		s.finish(w, req, reqID, start, nil, be)
		return
	}
	s.finish(w, req, reqID, start, out, nil)
}

// prepare checks what every call needs before the backend may see it: a known action and version, and a
// valid signature. It returns the action's handler.
func (s *Server) prepare(r *http.Request, req *wireRequest, werr *backend.Error) (actionFunc, *backend.Error) {
	if werr != nil {
		return nil, werr
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, errActionNotFound()
	}
	if req.action == "" {
		return nil, backend.ErrMissingParameter("Action")
	}
	call, ok := actions[req.action]
	if !ok {
		return nil, errActionNotFound()
	}
	if req.version == "" {
		return nil, backend.ErrMissingParameter("Version")
	}
	if req.version != APIVersion {
		return nil, errInvalidVersion()
	}
	if err := s.authenticate(r, req); err != nil {
		return nil, err
	}
	return call, nil
}

// finish writes the answer and logs the call.
func (s *Server) finish(w http.ResponseWriter, req *wireRequest, reqID string, start time.Time, out any, e *backend.Error) {
	status, code := http.StatusOK, ""
	if e != nil {
		status, code = e.HTTPStatus, e.Code
		writeError(w, req.format, reqID, e)
	} else {
		writeSuccess(w, req.format, req.action, reqID, out)
	}
	s.log.Info("api call", "action", req.action, "status", status, "code", code, "request_id", reqID,
		"duration", time.Since(start))
}

// abortConnection closes the client's connection without an answer, as a network failure would.
func abortConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Without hijacking (HTTP/2), this makes net/http reset the stream without logging a panic.
	panic(http.ErrAbortHandler)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
