// Package emulator is the multi-product server of the Alibaba Cloud emulator: on one port it verifies request
// signatures (V3 and V1), routes each call to the product whose API version (or host name) it names, and renders
// the product's answers and errors as the real services do; it also serves the /_emulator/ controls (faults,
// latency, call counts, reset, and each product's own under /_emulator/<product>/). The core names no product:
// each registers itself (package product) with its wire table and its controls, and keeps its rules in its
// package's backend; products.go assembles the products Open serves.
package emulator

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// Defaults of Config.
const (
	DefaultAccessKeyID     = "emulator-access-key-id"
	DefaultAccessKeySecret = "emulator-access-key-secret"
	DefaultMaxClockSkew    = 15 * time.Minute
)

// controlPrefix starts every path of the unsigned control endpoints.
const controlPrefix = "/_emulator/"

// Config is how a Server authenticates callers.
type Config struct {
	AccessKeyID, AccessKeySecret string        // the one accepted key pair; defaults DefaultAccessKeyID / DefaultAccessKeySecret
	SecurityTokens               []string      // STS tokens accepted with the same key pair; empty = a request carrying a token is refused
	MaxClockSkew                 time.Duration // how far a request's timestamp may be from Now; default DefaultMaxClockSkew
	Now                          func() time.Time
	Logger                       *slog.Logger // nil = silent

	// Who holds the key pair, as STS GetCallerIdentity answers: a RAM user (UserName, UserID) of the account
	// AccountID; defaults DefaultAccountID, DefaultUserName, DefaultUserID. A call signed with one of
	// SecurityTokens comes from a session of an assumed role (names: package sts/backend's defaults).
	AccountID, UserName, UserID string
	// Roles are the RAM roles the key pair's user may assume with STS AssumeRole; the default role
	// (stsbackend.DefaultRoleName, MaxSessionDuration 3600 s) is always among them, and is also the role of the
	// emulated ECS instance whose metadata service (MetadataHost) hands out credentials.
	Roles []stsbackend.Role
}

// Server is the emulator's http.Handler: the signed APIs of its products on every path except /_emulator/, where
// the unsigned controls are. It is safe for concurrent use.
type Server struct {
	registered []product.Registration
	products   []rpc.Product // routing order; the first renders errors no product can be told for
	// sts verifies the temporary keys it hands out, which sign calls to every product, and serves the instance
	// metadata service's credentials: the one product the core asks about callers.
	sts      *stsbackend.Backend
	builtin  builtin // the backends Open made, for the typed accessors of products.go
	cfg      Config
	log      *slog.Logger
	nonces   *nonceCache
	faults   faultSet
	latency  latencySet
	counts   callCounts
	controls http.Handler
	help     string         // GET /_emulator/ and --help
	metadata metadataTokens // the instance metadata service's tokens (metadata.go)

	// Seams for tests, so that latency and fault sampling are checked without timing or chance.
	sleep  func(ctx context.Context, d time.Duration) error
	sample func() float64
}

// newServer serves the registered products, in routing order, to callers holding cfg's credentials or the
// temporary keys sts hands out.
func newServer(cfg Config, sts *stsbackend.Backend, registered ...product.Registration) *Server {
	cfg = cfg.withDefaults()
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		registered: registered,
		sts:        sts,
		cfg:        cfg,
		log:        logger,
		nonces:     newNonceCache(2 * cfg.MaxClockSkew),
		sleep:      sleepContext,
		sample:     rand.Float64,
	}
	for _, p := range registered {
		s.products = append(s.products, p.API)
	}
	s.controls, s.help = s.controlMux()
	return s
}

func (cfg Config) withDefaults() Config {
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
	return cfg
}

// ServeHTTP answers API calls and control requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.controls.ServeHTTP(w, r)
		return
	}
	if isMetadataHost(r.Host) {
		s.serveMetadata(w, r)
		return
	}
	s.serveAPI(w, r)
}

// serveAPI runs one API call: decode, count, delay, route, authenticate, maybe fault, call the product, render.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	w.Header().Set("x-acs-request-id", reqID)

	req, werr := readRequest(r)
	name := s.callName(r.Host, req)
	if name != "" {
		s.counts.add(name, r.UserAgent())
	}
	if err := s.sleep(r.Context(), s.latency.get(name)); err != nil {
		return // the caller went away while we were slow on purpose
	}
	product, action, call, werr := s.prepare(r, req, werr)
	req.accessKeyID = claimedAccessKeyID(r, req)
	if werr != nil {
		s.finish(w, req, product, reqID, start, nil, werr)
		return
	}

	fault, faulted := s.faults.pick(name, call.Params.Get, s.sample)
	if faulted {
		switch fault.Mode {
		case FaultDropBefore:
			s.log.Info("api call dropped before the backend acted", "action", req.action, "request_id", reqID, "call", name)
			abortConnection(w)
			return
		case FaultDropAfter:
			_, err := action(call)
			s.log.Info("api call dropped after the backend acted", "action", req.action, "request_id", reqID,
				"backend_error", err, "call", name)
			abortConnection(w)
			return
		default:
			s.finish(w, req, product, reqID, start, nil, fault.apiError())
			return
		}
	}

	out, err := action(call)
	if err != nil {
		var ae *apierr.Error
		if !errors.As(err, &ae) {
			s.log.Error("backend failed", "action", req.action, "request_id", reqID, "error", err)
			ae = errInternal()
		}
		s.finish(w, req, product, reqID, start, nil, ae)
		return
	}
	s.finish(w, req, product, reqID, start, out, nil)
}

// prepare checks what every call needs before a product may see it: a known action of the product the
// request's version (or host name) routes to, and a valid signature. It returns the product (the one errors are
// rendered for, even on failure), the action and the call to hand it.
func (s *Server) prepare(r *http.Request, req *wireRequest, werr *apierr.Error) (*rpc.Product, rpc.Action, *rpc.Call, *apierr.Error) {
	candidates, hostRegion := s.candidates(r.Host)
	product := &candidates[0]
	if werr != nil {
		return product, nil, nil, werr
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return product, nil, nil, errActionNotFound()
	}
	if req.action == "" {
		return product, nil, nil, apierr.MissingParameter("Action")
	}
	// As the real gateway does, an action no product (of the host) has is unknown before the version is looked
	// at; a known action with a version no product speaks is an invalid version.
	known := false
	for i := range candidates {
		if _, ok := candidates[i].Actions[req.action]; ok {
			known = true
			product = &candidates[i]
			break
		}
	}
	if !known {
		return product, nil, nil, errActionNotFound()
	}
	if req.version == "" {
		return product, nil, nil, apierr.MissingParameter("Version")
	}
	var speaker *rpc.Product
	for i := range candidates {
		if candidates[i].Version == req.version {
			speaker = &candidates[i]
			break
		}
	}
	if speaker == nil {
		return product, nil, nil, errInvalidVersion()
	}
	product = speaker
	action, ok := product.Actions[req.action]
	if !ok {
		// The version names a product that has no such action (an ECS action with STS's version, say).
		return product, nil, nil, errActionNotFound()
	}
	c, err := s.authenticate(r, req)
	if err != nil {
		return product, nil, nil, err
	}
	call := &rpc.Call{Action: req.action, Params: req.params, HostRegion: hostRegion, AccessKeyID: c.accessKeyID}
	if c.tokenSent {
		call.SecurityToken = c.securityToken
	}
	return product, action, call, nil
}

// callName is what call counts, faults and latencies call the request's action: the bare action name, with the
// prefix of the product it goes to where that product has one (ECD's CreateSnapshot is "ecd:CreateSnapshot",
// ECS's stays "CreateSnapshot"). The product is the one the host name names, else the one whose version the
// request names and that has the action.
func (s *Server) callName(hostport string, req *wireRequest) string {
	if req.action == "" {
		return ""
	}
	candidates, _ := s.candidates(hostport)
	if len(candidates) == 1 {
		return candidates[0].CallPrefix + req.action
	}
	for _, p := range candidates {
		if p.Version == req.version {
			if _, ok := p.Actions[req.action]; ok {
				return p.CallPrefix + req.action
			}
		}
	}
	return req.action
}

// candidates are the products a request may be for: the one whose host name the client sent (with the region
// the host names), or, for any other host (an IP address, localhost, a proxy's name), every product.
func (s *Server) candidates(hostport string) ([]rpc.Product, string) {
	host := strings.ToLower(hostport)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	for _, p := range s.products {
		if p.Host == nil {
			continue
		}
		if region, ok := p.Host(host); ok {
			return []rpc.Product{p}, region
		}
	}
	return s.products, ""
}

// finish writes the answer and logs the call.
func (s *Server) finish(w http.ResponseWriter, req *wireRequest, product *rpc.Product, reqID string, start time.Time, out any, e *apierr.Error) {
	status, code := http.StatusOK, ""
	if e != nil {
		status, code = e.HTTPStatus, e.Code
		writeError(w, req.format, reqID, product.Name, product.HostID, e)
	} else {
		writeSuccess(w, req.format, req.action, reqID, out)
	}
	// The AccessKey ID (never a secret nor a token) shows which key, long-term or temporary, made each call.
	// call is the name of call counts and faults ("ecd:CreateSnapshot"): action alone does not tell the products apart.
	s.log.Info("api call", "action", req.action, "status", status, "code", code, "request_id", reqID,
		"access_key_id", req.accessKeyID, "duration", time.Since(start), "call", product.CallPrefix+req.action)
}

// claimedAccessKeyID is the AccessKey ID the request names (V1 parameter or V3 Credential), verified or not.
func claimedAccessKeyID(r *http.Request, req *wireRequest) string {
	if id := req.params.Get("AccessKeyId"); id != "" {
		return id
	}
	_, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	for part := range strings.SplitSeq(rest, ",") {
		if id, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
			return id
		}
	}
	return ""
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
