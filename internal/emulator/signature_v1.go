package emulator

import (
	"crypto/hmac"
	"crypto/sha1" // HMAC-SHA1 is what V1 signatures are, not a choice
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// verifyV1 checks a request signed with the Signature parameter (HMAC-SHA1, signature version 1.0):
//
//	string to sign = METHOD + "&%2F&" + encode(sorted "name=value" pairs of query and form, joined with "&")
//	Signature      = base64(HMAC-SHA1(secret + "&", string to sign))
//
// Every parameter that arrived, except Signature, is signed as it arrived (an empty SignatureType= too).
func (s *Server) verifyV1(r *http.Request, req *wireRequest) (*credentials, *apierr.Error) {
	p := req.params
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp", "SignatureNonce"} {
		if p.Get(name) == "" {
			return nil, apierr.MissingParameter(name)
		}
	}
	if p.Get("SignatureMethod") != "HMAC-SHA1" {
		return nil, apierr.InvalidParameter("SignatureMethod")
	}
	if p.Get("SignatureVersion") != "1.0" {
		return nil, apierr.InvalidParameter("SignatureVersion")
	}
	secret, session, known := s.secretOf(p.Get("AccessKeyId"))
	if !known {
		return nil, errAccessKeyNotFound()
	}
	if err := s.checkTime(p.Get("Timestamp")); err != nil {
		return nil, err
	}

	signed := url.Values{}
	for k, vs := range p {
		if k != "Signature" {
			signed[k] = vs
		}
	}
	stringToSign := r.Method + "&%2F&" + url.QueryEscape(rfc3986Fixup(signed.Encode()))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(p.Get("Signature"))) {
		return nil, errSignatureDoesNotMatch(stringToSign)
	}
	token, sent := url.Values(p)["SecurityToken"]
	c := &credentials{accessKeyID: p.Get("AccessKeyId"), nonce: p.Get("SignatureNonce"), tokenSent: sent, session: session}
	if sent {
		c.securityToken = token[0]
	}
	return c, nil
}
