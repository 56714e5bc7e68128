package emulator

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// maxBodyBytes bounds a request body; RPC bodies are small forms.
const maxBodyBytes = 1 << 20

// Response formats.
const (
	formatJSON = "JSON"
	formatXML  = "XML"
)

// wireRequest is an API call as it arrived.
type wireRequest struct {
	query   url.Values // the query string alone (what a V3 signature covers)
	params  rpc.Params // query and form body together (what the call's parameters are)
	body    []byte
	action  string
	version string
	format  string
	v3      bool // signed with an Authorization header rather than a Signature parameter
	// accessKeyID is the one the request names, for the log.
	accessKeyID string
}

// readRequest reads r's parameters. It always returns a request (with the format the caller asked for, so
// that an error can be rendered in it), and an error when the request cannot be read.
func readRequest(r *http.Request) (*wireRequest, *apierr.Error) {
	req := &wireRequest{format: formatJSON, query: url.Values{}, params: rpc.Params{}}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return req, apiErr(http.StatusBadRequest, "InvalidParameter", "The query string is not well formed.")
	}
	req.query = query
	all := url.Values{}
	for k, vs := range query {
		all[k] = append([]string(nil), vs...)
	}
	req.params = rpc.Params(all)
	req.v3 = strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-")
	werr := req.readBody(r, all)
	// Action, Version and Format may travel in the form body of a V1 POST, so they are read after it (or,
	// when the body cannot be read, from the query alone, so that the error is rendered as asked).
	req.format = formatOf(all.Get("Format"))
	req.action = pick(req.v3, r.Header.Get("x-acs-action"), all.Get("Action"))
	req.version = pick(req.v3, r.Header.Get("x-acs-version"), all.Get("Version"))
	return req, werr
}

// readBody keeps r's body for the V3 signature and adds a form body's parameters to all; on an error, all
// is left as it was.
func (req *wireRequest) readBody(r *http.Request, all url.Values) *apierr.Error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiErr(http.StatusRequestEntityTooLarge, "InvalidParameter", "The request body is too large.")
		}
		return apiErr(http.StatusBadRequest, "InvalidParameter", "The request body could not be read.")
	}
	req.body = body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" && len(body) > 0 {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return apiErr(http.StatusBadRequest, "InvalidParameter", "The form body is not well formed.")
		}
		for k, vs := range form {
			all[k] = append(all[k], vs...)
		}
	}
	return nil
}

// pick prefers the header for V3 requests (which name the action only there) and the parameter otherwise.
func pick(v3 bool, header, param string) string {
	if v3 && header != "" || param == "" {
		return header
	}
	return param
}

func formatOf(v string) string {
	if strings.EqualFold(v, formatXML) {
		return formatXML
	}
	return formatJSON
}
