package emulator

import (
	"crypto/hmac"
	"crypto/sha1" // HMAC-SHA1 is what V1 signatures are, not a choice
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// verifyV1 checks a request signed with the Signature parameter (HMAC-SHA1, signature version 1.0):
//
//	string to sign = METHOD + "&%2F&" + encode(sorted "name=value" pairs of query and form, joined with "&")
//	Signature      = base64(HMAC-SHA1(secret + "&", string to sign))
//
// Every parameter that arrived, except Signature, is signed as it arrived (an empty SignatureType= too).
func (s *Server) verifyV1(r *http.Request, req *wireRequest) (*credentials, *backend.Error) {
	p := req.params
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp", "SignatureNonce"} {
		if p.get(name) == "" {
			return nil, backend.ErrMissingParameter(name)
		}
	}
	if p.get("SignatureMethod") != "HMAC-SHA1" {
		return nil, backend.ErrInvalidParameter("SignatureMethod")
	}
	if p.get("SignatureVersion") != "1.0" {
		return nil, backend.ErrInvalidParameter("SignatureVersion")
	}
	if p.get("AccessKeyId") != s.cfg.AccessKeyID {
		return nil, errAccessKeyNotFound()
	}
	if err := s.checkTime(p.get("Timestamp")); err != nil {
		return nil, err
	}

	signed := url.Values{}
	for k, vs := range p {
		if k != "Signature" {
			signed[k] = vs
		}
	}
	stringToSign := r.Method + "&%2F&" + url.QueryEscape(rfc3986Fixup(signed.Encode()))
	mac := hmac.New(sha1.New, []byte(s.cfg.AccessKeySecret+"&"))
	mac.Write([]byte(stringToSign))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(p.get("Signature"))) {
		return nil, errSignatureDoesNotMatch(stringToSign)
	}
	token, sent := url.Values(p)["SecurityToken"]
	c := &credentials{accessKeyID: p.get("AccessKeyId"), nonce: p.get("SignatureNonce"), tokenSent: sent}
	if sent {
		c.securityToken = token[0]
	}
	return c, nil
}
