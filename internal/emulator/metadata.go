package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MetadataHost is the address of the ECS instance metadata service, which credentials-go's ECS RAM role provider
// dials over plain HTTP (http://100.100.100.200, fixed in its code). A request that arrives with this Host (an HTTP
// client whose HTTP_PROXY points at the emulator sends exactly that) is served as the metadata service of an
// instance that has the emulator's default RAM role attached.
const MetadataHost = "100.100.100.200"

// metadataCredentialsPath lists the instance's role; followed by a role name it gives that role's credentials
// (https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata).
const metadataCredentialsPath = "/latest/meta-data/ram/security-credentials/"

func isMetadataHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return host == MetadataHost
}

// metadataTokens are the tokens of the hardened mode (IMDSv2): PUT /latest/api/token hands one out for the TTL the
// caller asks (1-21600 s, as documented); a request that carries one must carry a valid one.
type metadataTokens struct {
	mu     sync.Mutex
	expiry map[string]time.Time
}

// serveMetadata answers the part of the metadata service that RAM role credentials need. Errors are plain text
// with the HTTP status, as the metadata service's are (it is not an OpenAPI endpoint).
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request) {
	status := s.metadataAnswer(w, r)
	s.log.Info("metadata call", "method", r.Method, "path", r.URL.Path, "status", status)
}

func (s *Server) metadataAnswer(w http.ResponseWriter, r *http.Request) int {
	tokens := &s.metadata
	now := s.cfg.Now()
	if r.Method == http.MethodPut && r.URL.Path == "/latest/api/token" {
		ttl, err := strconv.Atoi(r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds"))
		if err != nil || ttl < 1 || ttl > 21600 {
			return plain(w, http.StatusBadRequest, "invalid X-aliyun-ecs-metadata-token-ttl-seconds: want 1-21600")
		}
		buf := make([]byte, 24)
		_, _ = rand.Read(buf)
		token := hex.EncodeToString(buf)
		tokens.mu.Lock()
		if tokens.expiry == nil {
			tokens.expiry = map[string]time.Time{}
		}
		tokens.expiry[token] = now.Add(time.Duration(ttl) * time.Second)
		tokens.mu.Unlock()
		return plain(w, http.StatusOK, token)
	}
	if r.Method != http.MethodGet {
		return plain(w, http.StatusMethodNotAllowed, "method not allowed")
	}
	if token := r.Header.Get("X-aliyun-ecs-metadata-token"); token != "" {
		tokens.mu.Lock()
		exp, ok := tokens.expiry[token]
		tokens.mu.Unlock()
		if !ok || !now.Before(exp) {
			return plain(w, http.StatusUnauthorized, "invalid or expired metadata token")
		}
	}
	role, ok := strings.CutPrefix(r.URL.Path, metadataCredentialsPath)
	if !ok {
		return plain(w, http.StatusNotFound, "not found")
	}
	if role == "" {
		return plain(w, http.StatusOK, s.sts.InstanceRole().Name)
	}
	creds, ok := s.sts.InstanceRoleCredentials(role)
	if !ok {
		return plain(w, http.StatusNotFound, "not found")
	}
	body, _ := json.Marshal(map[string]string{
		"Code": "Success", "AccessKeyId": creds.AccessKeyId, "AccessKeySecret": creds.AccessKeySecret,
		"SecurityToken": creds.SecurityToken, "Expiration": creds.Expiration,
		"LastUpdated": now.UTC().Format("2006-01-02T15:04:05Z"),
	})
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return http.StatusOK
}

func plain(w http.ResponseWriter, status int, body string) int {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
	return status
}
