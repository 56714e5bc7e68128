package emulator

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// maxBodyBytes bounds a request body; RPC bodies are small forms.
const maxBodyBytes = 1 << 20

// maxListIndex bounds N in Tag.N.Key and the like: the API's lists hold at most a few hundred items, and an
// index sets the size of the list handed to the backend.
const maxListIndex = 1000

// Response formats.
const (
	formatJSON = "JSON"
	formatXML  = "XML"
)

// wireRequest is an API call as it arrived.
type wireRequest struct {
	query   url.Values // the query string alone (what a V3 signature covers)
	params  params     // query and form body together (what the call's parameters are)
	body    []byte
	action  string
	version string
	format  string
	v3      bool // signed with an Authorization header rather than a Signature parameter
}

// readRequest reads r's parameters. It always returns a request (with the format the caller asked for, so
// that an error can be rendered in it), and an error when the request cannot be read.
func readRequest(r *http.Request) (*wireRequest, *backend.Error) {
	req := &wireRequest{format: formatJSON, query: url.Values{}, params: params{}}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return req, apiErr(http.StatusBadRequest, "InvalidParameter", "The query string is not well formed.")
	}
	req.query = query
	all := url.Values{}
	for k, vs := range query {
		all[k] = append([]string(nil), vs...)
	}
	req.params = params(all)
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
func (req *wireRequest) readBody(r *http.Request, all url.Values) *backend.Error {
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

// params are a call's parameters by wire name.
type params url.Values

func (p params) get(name string) string { return url.Values(p).Get(name) }

// tags decodes Tag.N.Key / Tag.N.Value, and the legacy Tag.N.key / Tag.N.value when the current spelling
// is absent. Item i is Tag.(i+1); a gap in the numbering is an empty tag, which the backend judges.
func (p params) tags() ([]backend.Tag, error) {
	items, err := p.indexed("Tag")
	if err != nil {
		return nil, err
	}
	tags := make([]backend.Tag, len(items))
	for i, item := range items {
		tags[i] = backend.Tag{Key: firstOf(item, "Key", "key"), Value: firstOf(item, "Value", "value")}
	}
	return tags, nil
}

// filters decodes Filter.N.Key / Filter.N.Value; item i is Filter.(i+1).
func (p params) filters() ([]backend.Filter, error) {
	items, err := p.indexed("Filter")
	if err != nil {
		return nil, err
	}
	filters := make([]backend.Filter, len(items))
	for i, item := range items {
		filters[i] = backend.Filter{Key: item["Key"], Value: item["Value"]}
	}
	return filters, nil
}

// list decodes a flat list such as ResourceId.N; item i is name.(i+1).
func (p params) list(name string) ([]string, error) {
	items, err := p.indexed(name)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = item[""]
	}
	return out, nil
}

// indexed gathers the parameters name.N (field "") and name.N.Field into one map per N, 1-based, as a
// slice as long as the highest N.
func (p params) indexed(name string) ([]map[string]string, error) {
	prefix := name + "."
	byIndex := map[int]map[string]string{}
	highest := 0
	keys := make([]string, 0)
	for k := range p {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys) // deterministic errors
	for _, k := range keys {
		rest := k[len(prefix):]
		num, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > maxListIndex || num != strconv.Itoa(n) {
			return nil, apiErr(http.StatusBadRequest, "InvalidParameter",
				fmt.Sprintf("The specified parameter %q is not valid: N must be a whole number from 1 to %d.", k, maxListIndex))
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][field] = p.get(k)
		highest = max(highest, n)
	}
	items := make([]map[string]string, highest)
	for i := range items {
		items[i] = byIndex[i+1]
		if items[i] == nil {
			items[i] = map[string]string{}
		}
	}
	return items, nil
}

func firstOf(m map[string]string, names ...string) string {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	return ""
}
