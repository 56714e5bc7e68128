package emulator

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// authenticate verifies the request's signature in whichever style it was signed (V3 Authorization header or
// V1 Signature parameter), its timestamp, its security token and, last, that its nonce is fresh. It returns
// what the signature vouches for.
func (s *Server) authenticate(r *http.Request, req *wireRequest) (*credentials, *apierr.Error) {
	var c *credentials
	var err *apierr.Error
	switch {
	case req.v3:
		c, err = s.verifyV3(r, req)
	case r.Header.Get("Authorization") != "":
		return nil, errIncompleteSignature("The Authorization header names no supported signature algorithm (ACS3-HMAC-SHA256).")
	case r.Header.Get("x-acs-action") != "" && req.params.Get("Signature") == "" && req.params.Get("AccessKeyId") == "":
		return nil, errIncompleteSignature("The Authorization header is missing.")
	default:
		c, err = s.verifyV1(r, req)
	}
	if err != nil {
		return nil, err
	}
	if c.session != nil {
		if err := s.checkSession(c); err != nil {
			return nil, err
		}
	} else if err := s.checkSecurityToken(c.securityToken, c.tokenSent); err != nil {
		return nil, err
	}
	if !s.nonces.add(c.accessKeyID, c.nonce, s.cfg.Now()) {
		return nil, errNonceUsed()
	}
	return c, nil
}

// credentials are what a verified signature vouches for.
type credentials struct {
	accessKeyID   string
	nonce         string
	securityToken string
	tokenSent     bool
	session       *stsbackend.Session // the session of a temporary AccessKey ID; nil for the long-term key
}

// secretOf is the secret that signs for accessKeyID: the long-term key pair's, or that of a temporary AccessKey ID
// that AssumeRole (or the metadata service) handed out, expired or not (expiry is judged after the signature).
func (s *Server) secretOf(accessKeyID string) (secret string, session *stsbackend.Session, known bool) {
	if accessKeyID == s.cfg.AccessKeyID {
		return s.cfg.AccessKeySecret, nil, true
	}
	if !stsbackend.IsTemporaryKey(accessKeyID) {
		return "", nil, false
	}
	sess, ok := s.sts.Session(accessKeyID)
	if !ok {
		return "", nil, false
	}
	return sess.AccessKeySecret, &sess, true
}

// checkSession accepts a temporary AccessKey ID only with the security token handed out with it and only until
// it expires on the emulator's clock, with the gateway's codes for each case (MissingSecurityToken,
// InvalidSecurityToken.MismatchWithAccessKey, InvalidSecurityToken.Expired: the common error list of
// https://www.alibabacloud.com/help/en/sdk/developer-reference/error-codes-and-troubleshooting).
func (s *Server) checkSession(c *credentials) *apierr.Error {
	if !c.tokenSent || c.securityToken == "" {
		return errMissingSecurityToken()
	}
	if subtle.ConstantTimeCompare([]byte(c.securityToken), []byte(c.session.SecurityToken)) != 1 {
		return errSecurityTokenMismatch()
	}
	if !s.cfg.Now().Before(c.session.Expiration) {
		return errSecurityTokenExpired()
	}
	return nil
}

// checkTime parses an ISO 8601 UTC timestamp (yyyy-MM-ddTHH:mm:ssZ) and refuses one outside the clock skew.
func (s *Server) checkTime(value string) *apierr.Error {
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return errTimestampFormat()
	}
	d := s.cfg.Now().Sub(t)
	if d > s.cfg.MaxClockSkew || d < -s.cfg.MaxClockSkew {
		return errTimestampExpired()
	}
	return nil
}

// checkSecurityToken accepts a request without a token, or with one of Config.SecurityTokens. A token that is
// not even shaped like one (STS tokens are base64) is malformed; any other unknown token is taken for expired.
func (s *Server) checkSecurityToken(token string, sent bool) *apierr.Error {
	if !sent {
		return nil
	}
	for _, t := range s.cfg.SecurityTokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return nil
		}
	}
	if token == "" || strings.IndexFunc(token, func(r rune) bool { return !isTokenChar(r) }) >= 0 {
		return errSecurityTokenMalformed()
	}
	return errSecurityTokenExpired()
}

func isTokenChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=-_.", r)
}

// nonceCache remembers the nonces of accepted requests long enough that a replay is caught while its
// timestamp could still pass: twice the clock skew, since a timestamp may be early or late by the skew.
type nonceCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	seen    map[string]time.Time // key -> when it expires
	inserts int
}

// sweepEvery is how many inserts pass between sweeps of expired nonces, so that the cost stays amortised.
const sweepEvery = 1024

func newNonceCache(ttl time.Duration) *nonceCache {
	return &nonceCache{ttl: ttl, seen: map[string]time.Time{}}
}

// add records the nonce and reports whether it was fresh.
func (c *nonceCache) add(accessKeyID, nonce string, now time.Time) bool {
	key := accessKeyID + "\x00" + nonce
	c.mu.Lock()
	defer c.mu.Unlock()
	if exp, ok := c.seen[key]; ok && now.Before(exp) {
		return false
	}
	c.seen[key] = now.Add(c.ttl)
	c.inserts++
	if c.inserts%sweepEvery == 0 {
		for k, exp := range c.seen {
			if !now.Before(exp) {
				delete(c.seen, k)
			}
		}
	}
	return true
}
