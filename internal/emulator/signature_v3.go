package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// algorithmV3 is the V3 signature algorithm the emulator verifies (the v4 SDK's default).
const algorithmV3 = "ACS3-HMAC-SHA256"

// verifyV3 checks an `Authorization: ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex` request.
// The canonical request is rebuilt from the parsed request (never from the raw query string):
//
//	METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n hex(sha256(body))
//
// and the signature is hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(sha256(canonical request)))).
func (s *Server) verifyV3(r *http.Request, req *wireRequest) (*credentials, *apierr.Error) {
	algorithm, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if algorithm != algorithmV3 {
		return nil, errIncompleteSignature("The signature algorithm " + algorithm + " is not supported; use " + algorithmV3 + ".")
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			fields[k] = v
		}
	}
	accessKeyID, signedList, signature := fields["Credential"], fields["SignedHeaders"], fields["Signature"]
	if accessKeyID == "" || signedList == "" || signature == "" {
		return nil, errIncompleteSignature("The Authorization header must carry Credential, SignedHeaders and Signature.")
	}
	secret, session, known := s.secretOf(accessKeyID)
	if !known {
		return nil, errAccessKeyNotFound()
	}
	date := r.Header.Get("x-acs-date")
	if date == "" {
		return nil, apierr.MissingParameter("x-acs-date")
	}
	if err := s.checkTime(date); err != nil {
		return nil, err
	}
	nonce := r.Header.Get("x-acs-signature-nonce")
	if nonce == "" {
		return nil, apierr.MissingParameter("x-acs-signature-nonce")
	}

	signed := strings.Split(signedList, ";")
	inList := map[string]bool{}
	for _, h := range signed {
		inList[h] = true
	}
	for name := range r.Header {
		if lower := strings.ToLower(name); strings.HasPrefix(lower, "x-acs-") && !inList[lower] {
			return nil, errIncompleteSignature("The header " + lower + " must be signed.")
		}
	}

	bodyHash := sha256.Sum256(req.body)
	headers := canonicalHeadersV3(r, signed)
	var candidates []string
	for _, query := range canonicalQueriesV3(req.query) {
		canonical := r.Method + "\n" + canonicalURIV3(r.URL.EscapedPath()) + "\n" + query + "\n" + headers + "\n" +
			signedList + "\n" + hex.EncodeToString(bodyHash[:])
		sum := sha256.Sum256([]byte(canonical))
		stringToSign := algorithmV3 + "\n" + hex.EncodeToString(sum[:])
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(stringToSign))
		if hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(strings.ToLower(signature))) {
			token, sent := headerValue(r, "x-acs-security-token")
			return &credentials{accessKeyID: accessKeyID, nonce: nonce, securityToken: token, tokenSent: sent, session: session}, nil
		}
		candidates = append(candidates, stringToSign)
	}
	return nil, errSignatureDoesNotMatch(candidates[0])
}

func headerValue(r *http.Request, name string) (string, bool) {
	vs, ok := r.Header[http.CanonicalHeaderKey(name)]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// canonicalHeadersV3 is "name:value\n" for each signed header in the order signed; several values of one
// header are trimmed, sorted and joined with commas.
func canonicalHeadersV3(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, name := range signed {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			for _, v := range r.Header.Values(name) {
				values = append(values, strings.TrimSpace(v))
			}
			sort.Strings(values)
		}
		b.WriteString(name + ":" + strings.Join(values, ",") + "\n")
	}
	return b.String()
}

func canonicalURIV3(escapedPath string) string {
	if escapedPath == "" {
		return "/"
	}
	return rfc3986Fixup(escapedPath)
}

// canonicalQueriesV3 is the canonical query string: pairs sorted by name, values percent-encoded per RFC 3986.
// The documentation encodes names too while the SDK leaves them raw; the two differ only for names with
// special characters, and then both forms are returned so that either signer is accepted.
func canonicalQueriesV3(query url.Values) []string {
	names := make([]string, 0, len(query))
	for k := range query {
		names = append(names, k)
	}
	sort.Strings(names)
	build := func(encodeName bool) string {
		var b strings.Builder
		for _, k := range names {
			name := k
			if encodeName {
				name = url.QueryEscape(k)
			}
			for _, v := range query[k] {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(name + "=" + url.QueryEscape(v))
			}
		}
		return rfc3986Fixup(b.String())
	}
	documented, sdk := build(true), build(false)
	if documented == sdk {
		return []string{documented}
	}
	return []string{documented, sdk}
}

// rfc3986Replacer turns Go's form encoding into RFC 3986 percent-encoding; built once, safe for concurrent use.
var rfc3986Replacer = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

// rfc3986Fixup turns Go's form encoding into RFC 3986 percent-encoding, as Alibaba Cloud signs it.
func rfc3986Fixup(s string) string {
	return rfc3986Replacer.Replace(s)
}
